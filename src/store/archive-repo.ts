// An installation's lasting records as plain rows, table by table, to move them to another
// installation (or another database engine): the roster and contacts, every revision of every sheet
// with its review and closing events, documents' records, the holiday schedules, and the reminders
// with what each card carried. Left out is what only matters while it happens: de-duplication claims
// and the chat messages waiting with them, the console mailbox, files waiting for an answer, bind codes.
import type { Compilable } from 'kysely';
import type { Database } from './schema.ts';
import { rowsPerStatement, type Store } from './store.ts';

/** The tables an archive holds, in an order that inserts them one after another. */
export const ARCHIVED_TABLES = [
  'units',
  'relations',
  'stationed_villages',
  'contacts',
  'revisions',
  'sheet_events',
  'period_events',
  'documents',
  'holiday_schedules',
  'announcements',
  'reminders',
  'reminder_messages',
] as const satisfies readonly (keyof Database)[];

export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];
export type Row = Record<string, string | number | null>;
export type Tables = Record<ArchivedTable, Row[]>;

// Each table read in its key's order, so two exports of the same records are the same text.
const ORDER: Record<ArchivedTable, readonly string[]> = {
  units: ['id'],
  relations: ['kind', 'unit_id', 'target_id'],
  stationed_villages: ['county_id', 'village'],
  contacts: ['id'],
  revisions: ['form', 'period', 'county_id', 'revision', 'row_key'],
  sheet_events: ['form', 'period', 'county_id', 'seq'],
  period_events: ['period', 'seq'],
  documents: ['id'],
  holiday_schedules: ['year', 'version'],
  announcements: ['announcement_key'],
  reminders: ['reminder_key'],
  reminder_messages: ['message_key'],
};

export async function readTables({ db }: Store): Promise<Tables> {
  const tables = {} as Tables;
  for (const table of ARCHIVED_TABLES) {
    let query = db.selectFrom(table).selectAll();
    for (const column of ORDER[table]) query = query.orderBy(column as never);
    tables[table] = (await query.execute()) as Row[];
  }
  return tables;
}

/** Replaces these tables' rows with the archive's, all or nothing (one batch), and tells every
 *  instance the roster changed. */
export async function replaceTables(store: Store, tables: Tables): Promise<void> {
  const { db } = store;
  const statements: Compilable[] = [...ARCHIVED_TABLES].reverse().map((table) => db.deleteFrom(table));
  for (const table of ARCHIVED_TABLES) {
    const rows = tables[table];
    const first = rows[0];
    if (!first) continue;
    const perStatement = rowsPerStatement(store, Object.keys(first).length);
    for (let i = 0; i < rows.length; i += perStatement)
      statements.push(db.insertInto(table).values(rows.slice(i, i + perStatement) as never));
  }
  statements.push(
    db
      .updateTable('roster_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1),
  );
  await store.batch(statements);
}
