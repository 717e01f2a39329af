import { agreement } from './agreement.ts';
import { central } from './central.ts';
import { firstMeeting, mutualVisit, rectification } from './declarations.ts';
import { pairing } from './pairing.ts';
import { pledge } from './pledge.ts';
import { provincial } from './provincial.ts';
import { regional } from './regional.ts';
import { socialOrg } from './social-org.ts';
import type { LedgerId, LedgerSpec } from './types.ts';

export const LEDGERS: readonly LedgerSpec[] = [
  central,
  provincial,
  regional,
  socialOrg,
  pairing,
  pledge,
  agreement,
  firstMeeting,
  rectification,
  mutualVisit,
];

const normalize = (text: string): string => text.replace(/\s+/g, '').toLowerCase();

/** The names a person may use for a ledger: id, shortName, title, n, 附件n and, for 附件1–5, Ln (DESIGN §2). */
function aliasesOf(ledger: LedgerSpec): string[] {
  const aliases = [ledger.id, ledger.shortName, ledger.title];
  const n = ledger.attachment;
  if (n !== null) aliases.push(String(n), `附件${n}`);
  // A workbook sheet is also called by its obligation's id (L2), as DESIGN §2 does.
  if (ledger.workbook && ledger.obligation) aliases.push(ledger.obligation.id);
  return aliases.map(normalize);
}

const BY_ALIAS: ReadonlyMap<string, LedgerSpec> = new Map(
  LEDGERS.flatMap((ledger) => aliasesOf(ledger).map((alias): [string, LedgerSpec] => [alias, ledger])),
);

export function findLedger(idOrAlias: string): LedgerSpec | undefined {
  return BY_ALIAS.get(normalize(idOrAlias));
}

/** For internal use with a known id: throws if there is no such ledger. */
export function ledgerById(id: LedgerId): LedgerSpec {
  const ledger = LEDGERS.find((l) => l.id === id);
  if (!ledger) throw new Error(`unknown ledger id: ${id}`);
  return ledger;
}
