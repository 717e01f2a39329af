// The notice's obligations by id (DESIGN §2) and who may owe one: declared apart from the calendar, so
// that a ledger's declaration can carry the obligation it fulfils without importing the calendar.
export const OBLIGATION_IDS = ['L1', 'L2', 'L3', 'L4', 'L5', 'D1', 'D2', 'M1', 'M2', 'M3'] as const;
export type ObligationId = (typeof OBLIGATION_IDS)[number];

/** Who owes an obligation, as a rule over the roster. */
export type DebtorRule = 'counties' | 'counties_hosting_central_units' | 'lead_units' | 'regional_pairs';
