// The notice's obligations by id (DESIGN §2): declared apart from the calendar, so that a ledger's
// declaration can name the obligation it fulfils without importing the calendar that lists them.
export const OBLIGATION_IDS = ['L1', 'L2', 'L3', 'L4', 'L5', 'D1', 'D2', 'M1', 'M2', 'M3'] as const;
export type ObligationId = (typeof OBLIGATION_IDS)[number];
