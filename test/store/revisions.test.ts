import { describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import {
  appendRevision,
  currentSheets,
  type NewRevision,
  sheetHistory,
} from '../../src/store/revisions-repo.ts';
import { isUniqueViolation } from '../../src/store/store.ts';
import { eachBackend, storeEachTestOn, type TestDb } from '../support/backends.ts';
import { demoMobile, MIGRATIONS, revisionCount } from '../support/demo-store.ts';

const entry = (
  rows: { key: string; values: Record<string, number | string> }[],
  submittedAt = '2023-03-01T00:00:00.000Z',
): NewRevision => ({
  form: 'a2',
  period: '2023Q1',
  countyId: 'county:郧阳区',
  contactId: 'c1',
  unitId: 'county:郧阳区',
  source: 'cli',
  submittedAt,
  header: { reporter: '张', findings: [] },
  rows,
});

let store: OpenedStore;
let db: TestDb;
eachBackend((backend) => {
  storeEachTestOn(backend, (s, d) => {
    store = s;
    db = d;
  });

  describe('append-only revisions', () => {
    it('keeps every revision; the current sheet is the latest', async () => {
      await appendRevision(store, entry([{ key: '#a', values: { x: 1 } }]), 1);
      await appendRevision(
        store,
        entry(
          [
            { key: '#a', values: { x: 2 } },
            { key: '#b', values: { x: 3 } },
          ],
          '2023-03-02T00:00:00.000Z',
        ),
        2,
      );
      const [current] = await currentSheets(store, 'a2', '2023Q1');
      expect(current?.revision).toBe(2);
      expect(current?.rows.map((r) => r.values)).toEqual([{ x: 2 }, { x: 3 }]);
      const history = await sheetHistory(store, 'a2', '2023Q1', 'county:郧阳区');
      expect(history.map((h) => [h.revision, h.rows.length, h.submittedAt])).toEqual([
        [1, 1, '2023-03-01T00:00:00.000Z'],
        [2, 2, '2023-03-02T00:00:00.000Z'],
      ]);
    });

    it('refuses a revision number already taken, writing none of its rows', async () => {
      await appendRevision(store, entry([{ key: '#a', values: { x: 1 } }]), 1);
      const clash = await appendRevision(store, entry([{ key: '#z', values: { x: 9 } }]), 1).catch(
        (e: unknown) => e,
      );
      expect(isUniqueViolation(clash)).toBe(true);
      expect(await revisionCount(store)).toBe(2);
    });

    it('writes a revision all or nothing: a bad row refuses the whole statement', async () => {
      const failure = await appendRevision(
        store,
        entry([
          { key: '#a', values: { x: 1 } },
          { key: '#a', values: { x: 2 } },
        ]),
        1,
      ).catch((e: unknown) => e);
      expect(isUniqueViolation(failure)).toBe(true);
      expect(await revisionCount(store)).toBe(0);
    });

    it('gives two writers racing on two connections revisions 1 and 2, losing neither', async () => {
      const other = await db.open();
      try {
        const body = (n: number) => ({ reporter: `r${n}`, rows: [{ 召开日期: `2023-03-1${n}` }] });
        const bureau = demoMobile('bureau', '省乡村振兴局');
        const now = new Date('2023-03-20T00:00:00Z');
        const results = await Promise.all([
          submitSheet(
            store,
            { as: bureau, ledger: 'm1', period: '2023', county: '郧阳区', body: body(1) },
            'cli',
            now,
          ),
          submitSheet(
            other,
            { as: bureau, ledger: 'm1', period: '2023', county: '郧阳区', body: body(2) },
            'cli',
            now,
          ),
        ]);
        expect(results.map((r) => (r.kind === 'saved' ? r.revision : r.kind)).sort()).toEqual([1, 2]);
        const history = await sheetHistory(store, 'm1', '2023', 'county:郧阳区');
        expect(history.map((h) => h.header.reporter).sort()).toEqual(['r1', 'r2']);
      } finally {
        await other.close();
      }
    });
  });

  describe('migrations', () => {
    it('apply once and are recorded by name, as wrangler records them on D1', async () => {
      const again = await db.open();
      const rows = await again.db
        .selectFrom('d1_migrations' as never)
        .select(['name' as never])
        .execute();
      await again.close();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ name: m.name })));
    });
  });
});
