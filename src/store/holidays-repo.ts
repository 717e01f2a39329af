// The holiday schedules the bureau entered, in versions (migration 0012); the newest of each year is
// the one the work calendar uses.
import { type HolidaySchedule, type WorkCalendar, workCalendar } from '../domain/workdays.ts';
import { sqlScript } from './sql-script.ts';
import type { Store } from './store.ts';

export interface StoredSchedule extends HolidaySchedule {
  version: number;
  sourceText: string;
  enteredBy: string;
  enteredAt: string;
}

/** Every stored version, newest first within each year (a year's first entry is the current one). */
export async function scheduleVersions(store: Store, year?: number): Promise<StoredSchedule[]> {
  let query = store.db.selectFrom('holiday_schedules').selectAll();
  if (year !== undefined) query = query.where('year', '=', year);
  const rows = await query.orderBy('year').orderBy('version', 'desc').execute();
  return rows.map((row) => ({
    year: row.year,
    version: row.version,
    rest: JSON.parse(row.rest_days) as string[],
    work: JSON.parse(row.work_days) as string[],
    sourceText: row.source_text,
    enteredBy: row.entered_by,
    enteredAt: row.entered_at,
  }));
}

/** The current schedule of each entered year. */
export async function currentSchedules(store: Store): Promise<StoredSchedule[]> {
  const current = new Map<number, StoredSchedule>();
  for (const schedule of await scheduleVersions(store)) {
    if (!current.has(schedule.year)) current.set(schedule.year, schedule);
  }
  return [...current.values()];
}

/** Stores a new version of a year's schedule; returns its version number. Two operators entering the
 *  same year at once cannot both take a number: the key refuses the second. */
/** Every stored version as a SQL script for D1 (`holidays d1-sql`): D1's schedules are replaced by these. */
export function holidaysSql(store: Store, versions: readonly StoredSchedule[]): string {
  return sqlScript([
    store.db.deleteFrom('holiday_schedules'),
    ...versions.map((v) => store.db.insertInto('holiday_schedules').values(scheduleRow(v))),
  ]);
}

function scheduleRow(s: StoredSchedule) {
  return {
    year: s.year,
    version: s.version,
    rest_days: JSON.stringify(s.rest),
    work_days: JSON.stringify(s.work),
    source_text: s.sourceText,
    entered_by: s.enteredBy,
    entered_at: s.enteredAt,
  };
}

export async function saveSchedule(
  store: Store,
  schedule: HolidaySchedule & { sourceText: string; enteredBy: string },
  now: Date,
): Promise<number> {
  const latest = await store.db
    .selectFrom('holiday_schedules')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('year', '=', schedule.year)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  await store.db
    .insertInto('holiday_schedules')
    .values(scheduleRow({ ...schedule, version, enteredAt: now.toISOString() }))
    .execute();
  return version;
}

/** The work calendar with every schedule the bureau entered. */
export async function loadWorkCalendar(store: Store): Promise<WorkCalendar> {
  return workCalendar(await currentSchedules(store));
}
