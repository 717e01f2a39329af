// Roster import/export/check and the demo seed, over the store.
import type { Problem } from '../domain/problem.ts';
import type { Roster } from '../domain/roster.ts';
import { checkRoster, type RosterCheckItem } from '../domain/roster-check.ts';
import {
  exportContactSheet,
  exportCountySheet,
  importContactSheet,
  importCountySheet,
  rosterSheetKind,
} from '../domain/roster-csv.ts';
import { isRosterEmpty, loadRoster, saveRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';

export type ImportResult =
  | { ok: true; roster: Roster; sheet: 'counties' | 'contacts' }
  | { ok: false; problems: Problem[] };

/** Imports a county sheet or a contact sheet (told apart by the header); all or nothing. */
export async function importRosterCsv(store: Store, text: string): Promise<ImportResult> {
  const sheet = rosterSheetKind(text);
  if (!sheet) return { ok: false, problems: [{ code: 'body_invalid' }] };
  const current = await loadRoster(store);
  const result = sheet === 'counties' ? importCountySheet(current, text) : importContactSheet(current, text);
  if (!result.ok) return result;
  await saveRoster(store, result.roster);
  return { ok: true, roster: result.roster, sheet };
}

export async function exportRosterCsv(store: Store, sheet: 'counties' | 'contacts'): Promise<string> {
  const roster = await loadRoster(store);
  return sheet === 'counties' ? exportCountySheet(roster) : exportContactSheet(roster);
}

export async function rosterCheck(store: Store): Promise<RosterCheckItem[]> {
  return checkRoster(await loadRoster(store));
}

/** Seeds the demo roster into an empty database; returns false when a roster was already there. */
export async function seedIfEmpty(store: Store, countySheet: string, contactSheet: string): Promise<boolean> {
  if (!(await isRosterEmpty(store))) return false;
  const counties = importCountySheet({ units: [], relations: [], villages: [], contacts: [] }, countySheet);
  if (!counties.ok) throw new Error(`demo roster is invalid: ${JSON.stringify(counties.problems)}`);
  const contacts = importContactSheet(counties.roster, contactSheet);
  if (!contacts.ok) throw new Error(`demo contacts are invalid: ${JSON.stringify(contacts.problems)}`);
  await saveRoster(store, contacts.roster);
  return true;
}
