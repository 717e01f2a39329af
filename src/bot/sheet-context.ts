// Everything a form card needs about one sheet: the ledger, period and county, whether the asker may
// write it, the current revision and what a new sheet would start with.
import { findLedger, ledgerById } from '../domain/ledgers/index.ts';
import type { LedgerSpec, RowValues } from '../domain/ledgers/types.ts';
import { yuanToWanText } from '../domain/money.ts';
import { formatPeriod, type Period, parsePeriod } from '../domain/period.ts';
import { prefillRows, prefillSource } from '../domain/prefill.ts';
import type { Problem } from '../domain/problem.ts';
import { findUnit, type Roster, type RosterUnit } from '../domain/roster.ts';
import { rowKeyOf } from '../domain/rules.ts';
import { mayWrite } from '../domain/submission.ts';
import { currentSheets, type Revision } from '../store/revisions-repo.ts';
import type { Store } from '../store/store.ts';
import type { Identified } from './identify.ts';

export interface SheetContext {
  roster: Roster;
  who: Identified;
  ledger: LedgerSpec;
  period: Period;
  periodLabel: string;
  county: RosterUnit;
  current: Revision | null;
}

export type Loaded = { ok: true; ctx: SheetContext } | { ok: false; problems: Problem[] };

export async function loadSheet(
  store: Store,
  roster: Roster,
  who: Identified,
  ledgerId: string,
  periodText: string,
  countyId: string,
): Promise<Loaded> {
  const ledger = findLedger(ledgerId);
  if (!ledger)
    return { ok: false, problems: [{ code: 'unknown_ledger', params: { got: ledgerId.slice(0, 40) } }] };
  const period = parsePeriod(periodText);
  if (!period)
    return { ok: false, problems: [{ code: 'period_invalid', params: { got: periodText.slice(0, 40) } }] };
  const county = findUnit(roster, countyId);
  if (county?.kind !== 'county')
    return { ok: false, problems: [{ code: 'county_unknown', params: { got: countyId.slice(0, 40) } }] };
  const allowed = mayWrite(roster, who.unit, ledger, period, county);
  if (!allowed.ok) return allowed;
  const periodLabel = formatPeriod(period);
  const [current] = await currentSheets(store, ledger.id, periodLabel, [county.id]);
  return { ok: true, ctx: { roster, who, ledger, period, periodLabel, county, current: current ?? null } };
}

export function currentRows(ctx: SheetContext): RowValues[] {
  return ctx.current?.rows.map((r) => r.values) ?? [];
}

/** The rows a new sheet starts with (last quarter's, last year's pairings, or the roster's partners). */
export async function startingRows(store: Store, ctx: SheetContext): Promise<RowValues[]> {
  const source = prefillSource(ctx.ledger, ctx.period);
  const [previous] = source
    ? await currentSheets(store, ctx.ledger.id, formatPeriod(source), [ctx.county.id])
    : [];
  const targetLedger = ctx.ledger.targetsFrom ? ledgerById(ctx.ledger.targetsFrom.ledger) : null;
  const [targets] = targetLedger
    ? await currentSheets(store, targetLedger.id, String(ctx.period.year), [ctx.county.id])
    : [];
  return prefillRows({
    ledger: ctx.ledger,
    roster: ctx.roster,
    county: ctx.county,
    previous: previous?.rows.map((r) => r.values) ?? null,
    targets: targets?.rows.map((r) => r.values) ?? [],
    targetLedger,
  });
}

export function findRow(ctx: SheetContext, key: string): RowValues | undefined {
  return currentRows(ctx).find((r) => rowKeyOf(ctx.ledger, r) === key);
}

/** A stored row as a person would type it again (money back to 万元 text), to resubmit with a sheet. */
export function rowAsInput(ledger: LedgerSpec, row: RowValues): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const f of ledger.fields) {
    if (f.fromContext) continue;
    const v = row[f.key];
    out[f.key] = f.kind === 'money' && typeof v === 'number' ? yuanToWanText(v) : (v ?? null);
  }
  return out;
}
