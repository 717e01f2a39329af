// Append-only revisions of every sheet. Revision N of (form, period, county) is a header row
// (row_key '') plus its data rows, inserted by one statement; the current sheet is the latest N.
import { sql } from 'kysely';
import type { RowValues } from '../domain/ledgers/types.ts';
import type { Finding } from '../domain/rules.ts';
import { inList } from './in-list.ts';
import { rowsPerStatement, type Store } from './store.ts';

export interface SheetHeader {
  reporter: string;
  /** Warnings shown to the sender and kept with the figures. */
  findings: Finding[];
}

export interface StoredRow {
  key: string;
  values: RowValues;
}

export interface Revision {
  form: string;
  period: string;
  countyId: string;
  revision: number;
  contactId: string;
  unitId: string;
  source: string;
  submittedAt: string;
  header: SheetHeader;
  rows: StoredRow[];
}

export interface NewRevision {
  form: string;
  period: string;
  countyId: string;
  contactId: string;
  unitId: string;
  source: 'card' | 'excel' | 'cli' | 'console';
  submittedAt: string;
  header: SheetHeader;
  rows: StoredRow[];
}

const HEADER_KEY = '';

/** The revision the next write must take; pass it back to appendRevision. */
export async function nextRevision(
  { db }: Store,
  form: string,
  period: string,
  countyId: string,
): Promise<number> {
  const row = await db
    .selectFrom('revisions')
    .select(db.fn.max('revision').as('n'))
    .where('form', '=', form)
    .where('period', '=', period)
    .where('county_id', '=', countyId)
    .where('row_key', '=', HEADER_KEY)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/**
 * Writes revision `revision` atomically: as many rows an INSERT as the store may bind (D1: 100
 * parameters, 9 rows), all in one batch. The header row goes first: if another writer took that
 * number, its primary key refuses the batch (isUniqueViolation) and nothing is written.
 */
export async function appendRevision(store: Store, entry: NewRevision, revision: number): Promise<void> {
  const base = {
    form: entry.form,
    period: entry.period,
    county_id: entry.countyId,
    revision,
    contact_id: entry.contactId,
    unit_id: entry.unitId,
    source: entry.source,
    submitted_at: entry.submittedAt,
  };
  const rows = [
    { ...base, row_key: HEADER_KEY, position: 0, payload: JSON.stringify(entry.header) },
    ...entry.rows.map((row, i) => ({
      ...base,
      row_key: row.key,
      position: i + 1,
      payload: JSON.stringify(row.values),
    })),
  ];
  const perStatement = rowsPerStatement(store, Object.keys(rows[0] ?? {}).length);
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    statements.push(store.db.insertInto('revisions').values(rows.slice(i, i + perStatement)));
  }
  await store.batch(statements);
}

// What was read of a form and period (every county's current sheets, the submission facts), per
// store, with the number of revisions it was read at. Revisions are append-only and each adds one
// header row, so that count (an index-only read) moves whenever they change, on any instance.
// Bounded, oldest out first.
const READS = new WeakMap<Store, Map<string, { revisions: number; value: unknown }>>();
const READS_CACHED = 64;

async function readThrough<T>(
  store: Store,
  what: string,
  form: string,
  period: string,
  read: () => Promise<T>,
): Promise<T> {
  const cache = READS.get(store) ?? new Map<string, { revisions: number; value: unknown }>();
  READS.set(store, cache);
  const key = `${what}|${form}|${period}`;
  // Counted before reading: a revision landing in between is then seen by the next call.
  const revisions = await countRevisions(store, form, period);
  const cached = cache.get(key);
  if (cached && cached.revisions === revisions) return cached.value as T;
  const value = await read();
  cache.delete(key);
  if (cache.size >= READS_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, { revisions, value });
  return value;
}

/** The latest revision of each county's sheet for a form and period (optionally some counties only). */
export async function currentSheets(
  store: Store,
  form: string,
  period: string,
  countyIds?: readonly string[],
): Promise<Revision[]> {
  if (countyIds) return readCurrentSheets(store, form, period, countyIds);
  return [
    ...(await readThrough(store, 'sheets', form, period, () => readCurrentSheets(store, form, period))),
  ];
}

async function countRevisions({ db }: Store, form: string, period: string): Promise<number> {
  const row = await db
    .selectFrom('revisions')
    .select(db.fn.countAll<number>().as('n'))
    .where('form', '=', form)
    .where('period', '=', period)
    .where('row_key', '=', HEADER_KEY)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function readCurrentSheets(
  store: Store,
  form: string,
  period: string,
  countyIds?: readonly string[],
): Promise<Revision[]> {
  const { db } = store;
  if (countyIds && countyIds.length === 0) return [];
  let latest = db
    .selectFrom('revisions')
    .select(['county_id', db.fn.max('revision').as('revision')])
    .where('form', '=', form)
    .where('period', '=', period)
    .where('row_key', '=', HEADER_KEY)
    .groupBy('county_id');
  if (countyIds) latest = latest.where(inList(store, 'county_id', countyIds));
  const rows = await db
    .selectFrom('revisions as r')
    .innerJoin(latest.as('l'), (join) =>
      join.onRef('l.county_id', '=', 'r.county_id').onRef('l.revision', '=', 'r.revision'),
    )
    .selectAll('r')
    .where('r.form', '=', form)
    .where('r.period', '=', period)
    .orderBy('r.county_id')
    .orderBy('r.position')
    .execute();
  return groupRevisions(rows);
}

/** Every revision of one county's sheet, oldest first. */
export async function sheetHistory(
  { db }: Store,
  form: string,
  period: string,
  countyId: string,
): Promise<Revision[]> {
  const rows = await db
    .selectFrom('revisions')
    .selectAll()
    .where('form', '=', form)
    .where('period', '=', period)
    .where('county_id', '=', countyId)
    .orderBy('revision')
    .orderBy('position')
    .execute();
  return groupRevisions(rows);
}

export interface SubmissionFact {
  form: string;
  period: string;
  countyId: string;
  revisions: number;
  firstAt: string;
  lastAt: string;
}

/** When each county first and last submitted a form for a period: what status needs, without payloads. */
export async function submissionFacts(
  store: Store,
  forms: readonly string[],
  period: string,
): Promise<SubmissionFact[]> {
  const each = await Promise.all(
    [...new Set(forms)].map((form) =>
      readThrough(store, 'facts', form, period, () => readSubmissionFacts(store, [form], period)),
    ),
  );
  return each.flat();
}

async function readSubmissionFacts(
  { db }: Store,
  forms: readonly string[],
  period: string,
): Promise<SubmissionFact[]> {
  if (forms.length === 0) return [];
  const rows = await db
    .selectFrom('revisions')
    .select([
      'form',
      'county_id',
      sql<number>`count(*)`.as('revisions'),
      sql<string>`min(submitted_at)`.as('first_at'),
      sql<string>`max(submitted_at)`.as('last_at'),
    ])
    .where('period', '=', period)
    .where('form', 'in', forms)
    .where('row_key', '=', HEADER_KEY)
    .groupBy(['form', 'county_id'])
    .execute();
  return rows.map((r) => ({
    form: r.form,
    period,
    countyId: r.county_id,
    revisions: Number(r.revisions),
    firstAt: r.first_at,
    lastAt: r.last_at,
  }));
}

interface RevisionRow {
  form: string;
  period: string;
  county_id: string;
  revision: number;
  row_key: string;
  payload: string;
  contact_id: string;
  unit_id: string;
  source: string;
  submitted_at: string;
}

function groupRevisions(rows: readonly RevisionRow[]): Revision[] {
  const byKey = new Map<string, Revision>();
  for (const row of rows) {
    const id = `${row.form}|${row.period}|${row.county_id}|${row.revision}`;
    let revision = byKey.get(id);
    if (!revision) {
      revision = {
        form: row.form,
        period: row.period,
        countyId: row.county_id,
        revision: Number(row.revision),
        contactId: row.contact_id,
        unitId: row.unit_id,
        source: row.source,
        submittedAt: row.submitted_at,
        header: { reporter: '', findings: [] },
        rows: [],
      };
      byKey.set(id, revision);
    }
    if (row.row_key === HEADER_KEY) revision.header = JSON.parse(row.payload) as SheetHeader;
    else revision.rows.push({ key: row.row_key, values: JSON.parse(row.payload) as RowValues });
  }
  return [...byKey.values()];
}

export interface RevisionHead {
  form: string;
  period: string;
  countyId: string;
  revision: number;
  contactId: string;
  source: string;
  submittedAt: string;
}

/** The latest revisions (headers only) for some counties, newest first. */
export async function recentRevisions(
  store: Store,
  filter: { countyIds: readonly string[]; form?: string; period?: string; limit: number },
): Promise<RevisionHead[]> {
  const { db } = store;
  if (filter.countyIds.length === 0) return [];
  let query = db
    .selectFrom('revisions')
    .select(['form', 'period', 'county_id', 'revision', 'contact_id', 'source', 'submitted_at'])
    .where('row_key', '=', HEADER_KEY)
    .where(inList(store, 'county_id', filter.countyIds));
  if (filter.form) query = query.where('form', '=', filter.form);
  if (filter.period) query = query.where('period', '=', filter.period);
  const rows = await query.orderBy('submitted_at', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    form: r.form,
    period: r.period,
    countyId: r.county_id,
    revision: Number(r.revision),
    contactId: r.contact_id,
    source: r.source,
    submittedAt: r.submitted_at,
  }));
}

/** Whether anything was ever filed into this store (the demo story writes only into one where not). */
export async function hasAnyRevision({ db }: Store): Promise<boolean> {
  const row = await db.selectFrom('revisions').select('form').limit(1).executeTakeFirst();
  return row !== undefined;
}
