// The store contract: the repositories the other store tests do not cover, defined once and run on
// every backend — SQLite and PostgreSQL (contract.test.ts), D1 in workerd (test/workers/
// d1-contract.test.ts). The same calls give the same answers (order of Chinese text included), and what
// one instance writes another instance on the same database sees. Imports nothing Node-only.
import { beforeEach, describe, expect, it } from 'vitest';
import { consoleMessenger, readInbox } from '../../src/channels/console/inbox.ts';
import { announced, markAnnounced } from '../../src/store/announcements-repo.ts';
import { bindContact, consumeBindCode, issueBindCode, rebindContact } from '../../src/store/contacts-repo.ts';
import {
  expiredPendingUploads,
  expirePendingUpload,
  findPendingUpload,
  insertDocument,
  insertPendingUpload,
  listDocuments,
  resolvePendingUpload,
} from '../../src/store/documents-repo.ts';
import { currentSchedules, saveSchedule, scheduleVersions } from '../../src/store/holidays-repo.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import {
  appendPeriodEvent,
  appendSheetEvent,
  periodEventsFor,
  sheetEventsFor,
} from '../../src/store/review-repo.ts';
import { appendRevision, recentRevisions, submissionFacts } from '../../src/store/revisions-repo.ts';
import { isRosterEmpty, loadRoster, saveRoster } from '../../src/store/roster-repo.ts';
import type { Store } from '../../src/store/store.ts';

const now = new Date('2023-03-24T01:00:00Z');
/** The store of the test running, and another instance's connection to the same database. */
export interface ContractStores {
  store: Store;
  other(): Promise<Store & { close(): Promise<void> }>;
}

/** Defines the contract's tests; `stores()` gives each test's (fresh, seeded with the demo roster). */
export function defineStoreContract(stores: () => ContractStores): void {
  let store: Store;
  beforeEach(() => {
    store = stores().store;
  });

  describe('the roster', () => {
    it('loads in the same order on every backend: by kind, then id, bytewise', async () => {
      const roster = await loadRoster(store);
      expect(roster.units.length).toBeGreaterThan(50);
      const ids = roster.units.map((u) => `${u.kind}\u0000${u.id}`);
      expect(ids).toEqual([...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(await isRosterEmpty(store)).toBe(false);
    });

    it('is seen changed by another instance after an import (its cached copy is reloaded)', async () => {
      const other = await stores().other();
      try {
        const before = await loadRoster(other);
        const roster = await loadRoster(store);
        const county = roster.units.find((u) => u.kind === 'county');
        const unbound = roster.contacts[0];
        if (!county || !unbound) throw new Error('no county or contact in the demo roster');
        await saveRoster(store, {
          ...roster,
          units: roster.units.map((u) => (u.id === county.id ? { ...u, note: '改过的备注' } : u)),
          contacts: roster.contacts.map((c) =>
            c.id === unbound.id ? { ...c, platform: null, platformUserId: null } : c,
          ),
        });
        const after = await loadRoster(other);
        expect(before.units.find((u) => u.id === county.id)?.note).not.toBe('改过的备注');
        expect(after.units.find((u) => u.id === county.id)?.note).toBe('改过的备注');
        // A binding made by one instance reaches the other's cache too.
        const contact = after.contacts.find((c) => c.platformUserId === null);
        if (!contact) throw new Error('no unbound contact');
        expect(await bindContact(other, contact.id, 'feishu', 'ou_bound')).toBe(true);
        expect(await bindContact(store, contact.id, 'feishu', 'ou_again')).toBe(false);
        const seen = await loadRoster(store);
        expect(seen.contacts.find((c) => c.id === contact.id)?.platformUserId).toBe('ou_bound');
        await rebindContact(store, contact.id, 'dingtalk', 'ding_1');
        expect((await loadRoster(other)).contacts.find((c) => c.id === contact.id)?.platform).toBe(
          'dingtalk',
        );
      } finally {
        await other.close();
      }
    });
  });

  describe('bind codes', () => {
    it('are used once, before they expire', async () => {
      const expires = new Date(now.getTime() + 3_600_000);
      await issueBindCode(store, 'c1', 'ABC123', expires);
      await issueBindCode(store, 'c2', 'OLD999', now);
      expect(await consumeBindCode(store, 'ABC123', now)).toBe('c1');
      expect(await consumeBindCode(store, 'ABC123', now)).toBeNull();
      expect(await consumeBindCode(store, 'OLD999', now)).toBeNull();
      expect(await consumeBindCode(store, 'NOPE00', now)).toBeNull();
    });
  });

  describe('documents and files waiting for an answer', () => {
    const document = (id: string, county: string, at: string) => ({
      id,
      countyId: county,
      year: 2023,
      obligation: 'D1',
      kind: 'plan',
      fileName: `${id}.pdf`,
      mime: 'application/pdf',
      size: 3_000_000_000,
      sha256: 'ab'.repeat(32),
      storageKey: `docs/${id}`,
      contactId: 'c1',
      unitId: county,
      receivedAt: at,
    });

    it('lists a year oldest first, for some counties or all', async () => {
      await insertDocument(store, document('d2', 'county:竹山县', '2023-03-02T00:00:00.000Z'));
      await insertDocument(store, document('d1', 'county:郧阳区', '2023-03-01T00:00:00.000Z'));
      await insertDocument(store, document('d3', 'county:房县', '2023-03-03T00:00:00.000Z'));
      expect((await listDocuments(store, 2023)).map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
      const some = await listDocuments(store, 2023, ['county:竹山县', 'county:房县']);
      expect(some.map((d) => d.id)).toEqual(['d2', 'd3']);
      expect(some[0]?.size).toBe(3_000_000_000);
      expect(await listDocuments(store, 2023, [])).toEqual([]);
      expect(await listDocuments(store, 2024)).toEqual([]);
    });

    it('answers a waiting file once, and expires the unanswered once', async () => {
      const upload = (id: string, expiresAt: string) => ({
        id,
        purpose: 'import' as const,
        contactId: 'c1',
        platform: 'feishu',
        userId: 'ou_1',
        fileName: '台账.xlsx',
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: 1234,
        sha256: 'cd'.repeat(32),
        storageKey: `pending/${id}`,
        createdAt: now.toISOString(),
        expiresAt,
        resolution: null,
      });
      await insertPendingUpload(store, upload('u1', '2023-03-25T01:00:00.000Z'));
      await insertPendingUpload(store, upload('u2', '2023-03-24T00:30:00.000Z'));
      expect(await resolvePendingUpload(store, 'u1', 'saved', now)).toBe(true);
      expect(await resolvePendingUpload(store, 'u1', 'saved', now)).toBe(false);
      expect(await resolvePendingUpload(store, 'u2', 'saved', now)).toBe(false);
      expect((await findPendingUpload(store, 'u1'))?.resolution).toBe('saved');
      expect(await expiredPendingUploads(store, now)).toEqual([{ id: 'u2', storageKey: 'pending/u2' }]);
      expect(await expirePendingUpload(store, 'u2', now)).toBe(true);
      expect(await expirePendingUpload(store, 'u2', now)).toBe(false);
      expect(await findPendingUpload(store, 'u404')).toBeNull();
    });
  });

  describe('review and closing events', () => {
    it('numbers each sheet and period from 1, also when two writers race', async () => {
      const key = { form: 'a2', period: '2023Q1', countyId: 'county:郧阳区' };
      const event = (action: 'confirm' | 'return', reason: string) => ({
        action,
        revision: 1,
        reason,
        unitId: 'lead:1',
        contactId: 'c9',
        at: now.toISOString(),
      });
      await Promise.all([
        appendSheetEvent(store, key, event('return', '第一')),
        appendSheetEvent(store, key, event('confirm', '')),
      ]);
      const events = (await sheetEventsFor(store, 'a2', '2023Q1', ['county:郧阳区'])).get('county:郧阳区');
      expect(events?.map((e) => e.action).sort()).toEqual(['confirm', 'return']);
      expect((await sheetEventsFor(store, 'a2', '2023Q1', [])).size).toBe(0);
      const closing = { at: now.toISOString(), unitId: 'bureau', contactId: 'c0' };
      await appendPeriodEvent(store, '2023Q1', { action: 'close', ...closing });
      await appendPeriodEvent(store, '2023Q1', { action: 'open', ...closing });
      expect((await periodEventsFor(store, '2023Q1')).map((e) => e.action)).toEqual(['close', 'open']);
    });
  });

  describe('submission facts and recent revisions', () => {
    it('count revisions and first and last submission per county, seen by another instance too', async () => {
      const revision = (county: string, n: number, at: string) =>
        appendRevision(
          store,
          {
            form: 'a2',
            period: '2023Q1',
            countyId: county,
            contactId: 'c1',
            unitId: county,
            source: 'cli',
            submittedAt: at,
            header: { reporter: '王', findings: [] },
            rows: [{ key: '#1', values: { 金额: n } }],
          },
          n,
        );
      const other = await stores().other();
      try {
        // Read (and cached) by the other instance before the second revision lands.
        await revision('county:竹山县', 1, '2023-03-01T00:00:00.000Z');
        expect((await submissionFacts(other, ['a2'], '2023Q1'))[0]?.revisions).toBe(1);
        await revision('county:竹山县', 2, '2023-03-05T00:00:00.000Z');
        await revision('county:房县', 1, '2023-03-03T00:00:00.000Z');
        const facts = await submissionFacts(other, ['a2', 'a2'], '2023Q1');
        expect(facts.sort((a, b) => (a.countyId < b.countyId ? -1 : 1))).toEqual([
          {
            form: 'a2',
            period: '2023Q1',
            countyId: 'county:房县',
            revisions: 1,
            firstAt: '2023-03-03T00:00:00.000Z',
            lastAt: '2023-03-03T00:00:00.000Z',
          },
          {
            form: 'a2',
            period: '2023Q1',
            countyId: 'county:竹山县',
            revisions: 2,
            firstAt: '2023-03-01T00:00:00.000Z',
            lastAt: '2023-03-05T00:00:00.000Z',
          },
        ]);
        const recent = await recentRevisions(store, {
          countyIds: ['county:竹山县', 'county:房县'],
          limit: 2,
        });
        expect(recent.map((r) => [r.countyId, r.revision])).toEqual([
          ['county:竹山县', 2],
          ['county:房县', 1],
        ]);
      } finally {
        await other.close();
      }
    });
  });

  describe('holiday schedules, announcements and the console mailbox', () => {
    it('keep versions, mark once, and deliver a message once per key', async () => {
      const schedule = (rest: string[]) => ({
        year: 2027,
        rest,
        work: ['2027-02-07'],
        sourceText: '国务院办公厅关于2027年部分节假日安排的通知',
        enteredBy: '张三',
      });
      expect(await saveSchedule(store, schedule(['2027-01-01']), now)).toBe(1);
      expect(await saveSchedule(store, schedule(['2027-01-01', '2027-01-02']), now)).toBe(2);
      expect((await scheduleVersions(store, 2027)).map((v) => v.version)).toEqual([2, 1]);
      expect((await currentSchedules(store))[0]?.rest).toEqual(['2027-01-01', '2027-01-02']);

      await markAnnounced(store, 'holidays:2028', now);
      await markAnnounced(store, 'holidays:2028', now);
      expect(await announced(store, ['holidays:2028', 'holidays:2029'])).toEqual(new Set(['holidays:2028']));

      const messenger = consoleMessenger(mailboxOf(store), () => now);
      const to = { kind: 'user' as const, platform: 'console' as const, userId: 'u1' };
      await messenger.send(to, { kind: 'text', text: '你好' }, 'k1');
      await messenger.send(to, { kind: 'text', text: '你好' }, 'k1');
      expect((await readInbox(mailboxOf(store), to)).map((m) => m.key)).toEqual(['k1']);
    });
  });
}
