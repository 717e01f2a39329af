// Who is asking: a contact and its unit's scope, or the operator at the command line (everything).
import type { Problem } from '../domain/problem.ts';
import {
  type Contact,
  findContact,
  findUnit,
  type Roster,
  type RosterUnit,
  type Scope,
  scopeOf,
} from '../domain/roster.ts';

export interface Viewer {
  contact: Contact | null;
  unit: RosterUnit | null;
  scope: Scope;
}

export type ViewerResult = { ok: true; viewer: Viewer } | { ok: false; problems: Problem[] };

export function resolveViewer(roster: Roster, as: string | undefined): ViewerResult {
  if (as === undefined) {
    return {
      ok: true,
      viewer: {
        contact: null,
        unit: null,
        scope: { all: true, countyIds: roster.units.filter((u) => u.kind === 'county').map((u) => u.id) },
      },
    };
  }
  const contact = findContact(roster, as);
  const unit = contact && findUnit(roster, contact.unitId);
  if (!contact || !unit)
    return { ok: false, problems: [{ code: 'contact_unknown', params: { got: as.slice(0, 40) } }] };
  return { ok: true, viewer: { contact, unit, scope: scopeOf(roster, unit) } };
}
