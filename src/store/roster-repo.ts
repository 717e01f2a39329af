// The roster in SQL: loaded whole (a few hundred rows even at national scale) and written whole in
// one batch, so an import is all-or-nothing.
import type { Compilable } from 'kysely';
import type {
  Confirmation,
  Contact,
  Platform,
  Relation,
  RelationKind,
  Roster,
  RosterUnit,
  UnitKind,
} from '../domain/roster.ts';
import type { Store } from './store.ts';

// The roster of each store as last read, with the version it had; reloaded when the version moves.
const CACHE = new WeakMap<Store, { version: number; roster: Roster }>();

async function rosterVersion({ db }: Store): Promise<number> {
  const row = await db.selectFrom('roster_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Marks the roster changed for every instance (after a write the cache cannot see). */
export function bumpRosterVersion({ db }: Store) {
  return db
    .updateTable('roster_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1);
}

/** The roster, from memory while nobody changed it. */
export async function loadRoster(store: Store): Promise<Roster> {
  const version = await rosterVersion(store);
  const cached = CACHE.get(store);
  if (cached && cached.version === version) return cached.roster;
  const roster = await readRoster(store);
  CACHE.set(store, { version, roster });
  return roster;
}

async function readRoster({ db }: Store): Promise<Roster> {
  const [units, relations, villages, contacts] = await Promise.all([
    db.selectFrom('units').selectAll().orderBy('kind').orderBy('id').execute(),
    db.selectFrom('relations').selectAll().orderBy('kind').orderBy('unit_id').orderBy('target_id').execute(),
    db.selectFrom('stationed_villages').selectAll().orderBy('county_id').orderBy('village').execute(),
    db.selectFrom('contacts').selectAll().orderBy('id').execute(),
  ]);
  return {
    units: units.map(
      (u): RosterUnit => ({
        id: u.id,
        kind: u.kind as UnitKind,
        name: u.name,
        cityId: u.city_id,
        hostsCentralUnits: u.hosts_central_units as Confirmation | null,
        note: u.note,
        demo: u.demo === 1,
      }),
    ),
    relations: relations.map(
      (r): Relation => ({
        kind: r.kind as RelationKind,
        unitId: r.unit_id,
        targetId: r.target_id,
        wholeCity: r.whole_city === 1,
      }),
    ),
    villages: villages.map((v) => ({ countyId: v.county_id, village: v.village, unitId: v.unit_id })),
    contacts: contacts.map(
      (c): Contact => ({
        id: c.id,
        unitId: c.unit_id,
        name: c.name,
        mobile: c.mobile,
        platform: c.platform as Platform | null,
        platformUserId: c.platform_user_id,
        demo: c.demo === 1,
      }),
    ),
  };
}

/** Replaces the stored roster with this one, atomically. */
export async function saveRoster(store: Store, roster: Roster): Promise<void> {
  await store.batch(rosterStatements(store, roster));
}

/** The statements that replace the stored roster with this one (also written out for D1: roster-sql.ts). */
export function rosterStatements(store: Store, roster: Roster): Compilable[] {
  const { db } = store;
  const statements: Compilable[] = [
    db.deleteFrom('contacts'),
    db.deleteFrom('stationed_villages'),
    db.deleteFrom('relations'),
    db.deleteFrom('units'),
  ];
  for (const chunk of chunks(roster.units)) {
    statements.push(
      db.insertInto('units').values(
        chunk.map((u) => ({
          id: u.id,
          kind: u.kind,
          name: u.name,
          city_id: u.cityId,
          hosts_central_units: u.hostsCentralUnits,
          note: u.note,
          demo: u.demo ? 1 : 0,
        })),
      ),
    );
  }
  for (const chunk of chunks(roster.relations)) {
    statements.push(
      db.insertInto('relations').values(
        chunk.map((r) => ({
          kind: r.kind,
          unit_id: r.unitId,
          target_id: r.targetId,
          whole_city: r.wholeCity ? 1 : 0,
        })),
      ),
    );
  }
  for (const chunk of chunks(roster.villages)) {
    statements.push(
      db
        .insertInto('stationed_villages')
        .values(chunk.map((v) => ({ county_id: v.countyId, village: v.village, unit_id: v.unitId }))),
    );
  }
  for (const chunk of chunks(roster.contacts)) {
    statements.push(
      db.insertInto('contacts').values(
        chunk.map((c) => ({
          id: c.id,
          unit_id: c.unitId,
          name: c.name,
          mobile: c.mobile,
          platform: c.platform,
          platform_user_id: c.platformUserId,
          demo: c.demo ? 1 : 0,
        })),
      ),
    );
  }
  statements.push(bumpRosterVersion(store));
  return statements;
}

export async function isRosterEmpty({ db }: Store): Promise<boolean> {
  const row = await db.selectFrom('units').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

// D1 and SQLite bind at most 100 / 32766 parameters a statement; 10 rows × ≤7 columns stays under both.
function chunks<T>(items: readonly T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
