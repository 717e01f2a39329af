// D1 is done for the reminder plan once all of its documents are in: the county's 03-24 reminder of D1
// is planned before, and not after; D2 (a document still missing) is still planned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fileDocument, owedDocuments, sha256 } from '../../src/app/documents.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { planDay } from '../../src/reminders/today.ts';
import { fsDocumentStore } from '../../src/store/fs-documents.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { demoStore, type TempDb } from '../support/demo-store.ts';

const { isWorkday } = workCalendar([]);

const NOW = new Date('2023-03-24T01:30:00Z');
let store: OpenedStore;
let db: TempDb;
let dir: string;
beforeEach(async () => {
  ({ store, db } = await demoStore());
  dir = mkdtempSync(join(tmpdir(), 'bangfu-docs-'));
});
afterEach(async () => {
  await store.close();
  await db.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function planned(county: string): Promise<string[]> {
  const plan = await planDay(store, NOW, isWorkday);
  return plan.dueToday
    .filter((r) => r.owed.county.name === county && r.recipient.kind === 'county')
    .map((r) => r.owed.obligation);
}

it('drops the D1 reminder once the county sent all three D1 documents', async () => {
  expect(await planned('郧阳区')).toEqual(expect.arrayContaining(['D1', 'D2']));
  const roster = await loadRoster(store);
  const county = roster.units.find((u) => u.name === '郧阳区');
  const contact = roster.contacts.find((c) => c.unitId === county?.id);
  if (!county || !contact) throw new Error('no 郧阳区');
  const documents = fsDocumentStore(dir);
  const bytes = new TextEncoder().encode('%PDF-1.4 scan');
  const d1 = owedDocuments(county).filter((d) => d.obligation === 'D1');
  expect(d1.map((d) => d.kind)).toEqual(['joint_meeting_plan', 'pledge_or_agreement', 'annual_plan']);
  for (const [i, owed] of d1.entries()) {
    await fileDocument(store, documents, {
      id: `doc${i}`,
      county,
      year: 2023,
      owed,
      file: {
        bytes,
        fileName: `${owed.kind}.pdf`,
        mime: 'application/pdf',
        ext: 'pdf',
        sha256: sha256(bytes),
      },
      contactId: contact.id,
      unitId: county.id,
      now: NOW,
    });
    // Two of three are not enough.
    if (i < 2) expect(await planned('郧阳区')).toContain('D1');
  }
  const after = await planned('郧阳区');
  expect(after).not.toContain('D1');
  expect(after).toContain('D2');
  expect(await planned('竹山县')).toContain('D1');
});
