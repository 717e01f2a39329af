// Review, reopen and closing events: append-only, numbered per sheet or period. The next number is
// read, then written under the primary key; a concurrent writer makes us read again.
import type { PeriodEvent, SheetEvent } from '../domain/review.ts';
import { inList } from './in-list.ts';
import { isUniqueViolation, type Store } from './store.ts';

export interface SheetKey {
  form: string;
  period: string;
  countyId: string;
}

const ATTEMPTS = 5;

export async function sheetEventsFor(
  store: Store,
  form: string,
  period: string,
  countyIds?: readonly string[],
): Promise<Map<string, SheetEvent[]>> {
  const { db } = store;
  if (countyIds && countyIds.length === 0) return new Map();
  let query = db.selectFrom('sheet_events').selectAll().where('form', '=', form).where('period', '=', period);
  if (countyIds) query = query.where(inList(store, 'county_id', countyIds));
  const rows = await query.orderBy('county_id').orderBy('seq').execute();
  const byCounty = new Map<string, SheetEvent[]>();
  for (const r of rows) {
    const list = byCounty.get(r.county_id) ?? [];
    list.push({
      action: r.action as SheetEvent['action'],
      revision: Number(r.revision),
      reason: r.reason,
      unitId: r.unit_id,
      contactId: r.contact_id,
      at: r.at,
    });
    byCounty.set(r.county_id, list);
  }
  return byCounty;
}

export async function appendSheetEvent(store: Store, key: SheetKey, event: SheetEvent): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const row = await store.db
      .selectFrom('sheet_events')
      .select(store.db.fn.max('seq').as('n'))
      .where('form', '=', key.form)
      .where('period', '=', key.period)
      .where('county_id', '=', key.countyId)
      .executeTakeFirst();
    try {
      await store.db
        .insertInto('sheet_events')
        .values({
          form: key.form,
          period: key.period,
          county_id: key.countyId,
          seq: Number(row?.n ?? 0) + 1,
          action: event.action,
          revision: event.revision,
          reason: event.reason,
          contact_id: event.contactId,
          unit_id: event.unitId,
          at: event.at,
        })
        .execute();
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

export async function periodEventsFor({ db }: Store, period: string): Promise<PeriodEvent[]> {
  const rows = await db
    .selectFrom('period_events')
    .selectAll()
    .where('period', '=', period)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    action: r.action as PeriodEvent['action'],
    at: r.at,
    unitId: r.unit_id,
    contactId: r.contact_id,
  }));
}

export async function appendPeriodEvent(store: Store, period: string, event: PeriodEvent): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const row = await store.db
      .selectFrom('period_events')
      .select(store.db.fn.max('seq').as('n'))
      .where('period', '=', period)
      .executeTakeFirst();
    try {
      await store.db
        .insertInto('period_events')
        .values({
          period,
          seq: Number(row?.n ?? 0) + 1,
          action: event.action,
          contact_id: event.contactId,
          unit_id: event.unitId,
          at: event.at,
        })
        .execute();
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}
