// Checks a submission the same way whichever way it came (card, Excel, CLI): the ledger and period
// exist, the sender may write for that county, every value fits its field, then the rules R1–R6.
// Pure: the caller loads the prior figures the rules compare with and stores the result.
import { appliesTo, obligationOfForm, owedFor } from './calendar.ts';
import { datesOutsideYear } from './declared-dates.ts';
import { findLedger } from './ledgers/index.ts';
import { labelsOf } from './ledgers/labels.ts';
import { problemsOf, type Sheet, sheetSchema } from './ledgers/schema.ts';
import { type LedgerSpec, REPORTER_FIELD, type RowValues } from './ledgers/types.ts';
import { cadenceOf, formatPeriod, type Period, parsePeriod } from './period.ts';
import type { Problem } from './problem.ts';
import {
  type Contact,
  findContact,
  findCountyByName,
  findUnit,
  inScope,
  type Roster,
  type RosterUnit,
  scopeOf,
} from './roster.ts';
import { checkRules, type Finding, hasErrors, type RuleInput, rowKeyOf } from './rules.ts';

export interface SubmissionRequest {
  /** Contact id or mobile of the sender. */
  as: string;
  ledger: string;
  period: string;
  /** The county reported for; a county's own contact may leave it out. */
  county?: string;
  body: unknown;
}

export interface Draft {
  ledger: LedgerSpec;
  period: Period;
  county: RosterUnit;
  contact: Contact;
  unit: RosterUnit;
  sheet: Sheet;
}

export type Prepared = { ok: true; draft: Draft } | { ok: false; problems: Problem[] };

export function prepareSubmission(roster: Roster, request: SubmissionRequest, now: Date): Prepared {
  const ledger = findLedger(request.ledger);
  if (!ledger) return refuse({ code: 'unknown_ledger', params: { got: request.ledger.slice(0, 40) } });
  const period = parsePeriod(request.period);
  if (!period) return refuse({ code: 'period_invalid', params: { got: request.period.slice(0, 40) } });
  if (cadenceOf(period) !== ledger.cadence) {
    return refuse({
      code: 'period_cadence',
      params: { got: request.period, cadence: ledger.cadence, ledger: ledger.title },
    });
  }
  if (periodStart(period) > now.getTime())
    return refuse({ code: 'period_future', params: { got: formatPeriod(period) } });

  const contact = findContact(roster, request.as);
  const unit = contact && findUnit(roster, contact.unitId);
  if (!contact || !unit) return refuse({ code: 'contact_unknown', params: { got: request.as.slice(0, 40) } });
  const county = resolveCounty(roster, unit, request.county);
  if (!county.ok) return county;
  const allowed = mayWrite(roster, unit, ledger, period, county.unit);
  if (!allowed.ok) return allowed;

  const sheet = parseSheet(ledger, county.unit, request.body);
  if (!sheet.ok) return sheet;
  const dates = datesOutsideYear(ledger, period, sheet.sheet.rows, now);
  if (dates.length > 0) return { ok: false, problems: dates };
  return { ok: true, draft: { ledger, period, county: county.unit, contact, unit, sheet: sheet.sheet } };
}

export type Judged = { ok: true; findings: Finding[] } | { ok: false; findings: Finding[] };

/** Applies the rules; any error refuses the submission, warnings are kept with it. */
export function judgeSubmission(
  roster: Roster,
  draft: Draft,
  prior: Pick<RuleInput, 'previousQuarter' | 'lastYear'>,
): Judged {
  const findings = checkRules({
    ledger: draft.ledger,
    roster,
    county: draft.county,
    period: formatPeriod(draft.period),
    rows: draft.sheet.rows,
    ...prior,
  });
  return hasErrors(findings) ? { ok: false, findings } : { ok: true, findings };
}

function refuse(problem: Problem): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [problem] };
}

function periodStart(p: Period): number {
  const month = p.quarter ? (p.quarter - 1) * 3 + 1 : 1;
  return Date.parse(`${p.year}-${String(month).padStart(2, '0')}-01T00:00:00+08:00`);
}

type Resolved = { ok: true; unit: RosterUnit } | { ok: false; problems: Problem[] };

function resolveCounty(roster: Roster, unit: RosterUnit, named: string | undefined): Resolved {
  const wanted = named?.trim();
  if (unit.kind === 'county') {
    if (wanted && wanted !== unit.name && wanted !== unit.id)
      return refuse({ code: 'out_of_scope', params: { county: wanted } });
    return { ok: true, unit };
  }
  if (!wanted) return refuse({ code: 'county_required' });
  const county =
    findCountyByName(roster, wanted) ?? roster.units.find((u) => u.kind === 'county' && u.id === wanted);
  if (!county) return refuse({ code: 'county_unknown', params: { got: wanted.slice(0, 40) } });
  if (!inScope(scopeOf(roster, unit), county.id))
    return refuse({ code: 'out_of_scope', params: { county: county.name } });
  return { ok: true, unit: county };
}

/** Writers: the units that owe the obligation the form fulfils (the county for 附件6/7), or the bureau. */
export function mayWrite(
  roster: Roster,
  unit: RosterUnit,
  ledger: LedgerSpec,
  period: Period,
  county: RosterUnit,
) {
  const obligation = obligationOfForm(ledger.id);
  if (obligation && !appliesTo(obligation, county)) {
    return refuse({ code: 'not_applicable', params: { county: county.name, ledger: ledger.title } });
  }
  if (unit.kind === 'bureau') return { ok: true as const };
  const debtors = obligation
    ? owedFor(roster, obligation, period)
        .filter((o) => o.county.id === county.id)
        .flatMap((o) => o.debtors.map((d) => d.id))
    : [county.id];
  return debtors.includes(unit.id)
    ? { ok: true as const }
    : refuse({ code: 'not_a_debtor', params: { ledger: ledger.title, county: county.name } });
}

type ParsedSheet = { ok: true; sheet: Sheet } | { ok: false; problems: Problem[] };

function parseSheet(ledger: LedgerSpec, county: RosterUnit, body: unknown): ParsedSheet {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return refuse({ code: 'body_invalid' });
  const { input, problems } = byKeys(ledger, county, body as Record<string, unknown>);
  const parsed = sheetSchema(ledger).safeParse(input);
  const all = [...problems, ...(parsed.success ? [] : problemsOf(ledger, parsed.error))];
  if (!parsed.success || all.length > 0) return { ok: false, problems: all };
  const rows = parsed.data.rows.map((row) => fillContext(ledger, county, row as RowValues));
  if (rows.length === 0 && ledger.rows === 'per_partner')
    return refuse({ code: 'rows_empty', params: { ledger: ledger.title } });
  const duplicates = findDuplicates(ledger, rows);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  return { ok: true, sheet: { reporter: String(parsed.data.reporter), rows } };
}

/** Accepts the attachment's labels and their declared aliases ("实际投入帮扶资金", "…(万元)") as well as the keys. */
function byKeys(ledger: LedgerSpec, county: RosterUnit, body: Record<string, unknown>) {
  const problems: Problem[] = [];
  const keyOf = new Map<string, string>();
  for (const f of [...ledger.fields, REPORTER_FIELD]) {
    keyOf.set(f.key, f.key);
    for (const label of labelsOf(f)) {
      keyOf.set(label, f.key);
      if (f.unit) keyOf.set(`${label}(${f.unit})`, f.key).set(`${label}（${f.unit}）`, f.key);
    }
  }
  const rename = (obj: Record<string, unknown>, row?: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(obj)) {
      const key = keyOf.get(name.trim()) ?? name;
      const field = ledger.fields.find((f) => f.key === key);
      if (field?.fromContext) {
        if (
          value !== undefined &&
          value !== null &&
          String(value).trim() !== '' &&
          String(value).trim() !== county.name
        ) {
          problems.push({
            code: 'context_mismatch',
            row,
            field: field.key,
            label: field.label,
            params: { got: String(value).slice(0, 40), county: county.name },
          });
        }
        continue;
      }
      out[key] = value;
    }
    return out;
  };
  const top = rename(Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'rows')));
  const rows = Array.isArray(body.rows)
    ? body.rows.map((r, i) =>
        typeof r === 'object' && r !== null && !Array.isArray(r)
          ? rename(r as Record<string, unknown>, i + 1)
          : r,
      )
    : body.rows;
  return { input: { ...top, rows }, problems };
}

function fillContext(ledger: LedgerSpec, county: RosterUnit, row: RowValues): RowValues {
  const filled: RowValues = {};
  for (const f of ledger.fields) filled[f.key] = f.fromContext ? county.name : (row[f.key] ?? null);
  return filled;
}

function findDuplicates(ledger: LedgerSpec, rows: readonly RowValues[]): Problem[] {
  const seen = new Map<string, number>();
  const labels = ledger.rowKey.map((k) => ledger.fields.find((f) => f.key === k)?.label ?? k).join('、');
  return rows.flatMap((row, i) => {
    const key = rowKeyOf(ledger, row);
    const first = seen.get(key);
    seen.set(key, first ?? i + 1);
    return first === undefined
      ? []
      : [{ code: 'row_duplicate' as const, row: i + 1, params: { other: first, fields: labels } }];
  });
}
