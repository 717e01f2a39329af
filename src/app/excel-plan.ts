// What importing one county's sheet would do, checked exactly as a chat submission is checked
// (prepareSubmission, the closed-period lock, judgeSubmission against the prior figures), but not saved.
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import type { Contact, Roster, RosterUnit } from '../domain/roster.ts';
import type { Finding } from '../domain/rules.ts';
import { diffSheets } from '../domain/sheet-diff.ts';
import { judgeSubmission, prepareSubmission, type SubmissionRequest } from '../domain/submission.ts';
import type { ParsedSheet } from '../excel/import.ts';
import { type ExcelProblem, fromFinding, fromProblem, sheetMessage } from '../excel/problems.ts';
import { say } from '../prompts.ts';
import { currentSheets } from '../store/revisions-repo.ts';
import type { Store } from '../store/store.ts';
import { besideRules, lockedProblem, priorFigures } from './submit.ts';

export type ChangeKind = 'new' | 'changed' | 'unchanged';

export interface SheetPlan {
  sheet: string;
  ledger: LedgerSpec;
  period: string;
  county: RosterUnit;
  rows: number;
  change: ChangeKind;
  /** Fields and rows that differ from the current revision (0 for a new or unchanged sheet). */
  changes: number;
  /** The county's current revision of this sheet, if any. */
  current: number | null;
  /** Rule warnings kept with the figures, located in the workbook. */
  warnings: ExcelProblem[];
  /** What commit sends through submitSheet, and where each row came from. */
  request: SubmissionRequest;
  excelRows: number[];
}

export type Planned = { ok: true; plan: SheetPlan } | { ok: false; problems: ExcelProblem[] };

export async function planSheet(
  store: Store,
  roster: Roster,
  contact: Contact,
  parsed: ParsedSheet,
  period: Period,
  now: Date,
): Promise<Planned> {
  const request: SubmissionRequest = {
    as: contact.id,
    ledger: parsed.ledger.id,
    period: formatPeriod(period),
    county: parsed.county.name,
    body: { reporter: parsed.reporter ?? defaultReporter(contact), rows: parsed.rows },
  };
  const at = {
    problem: (p: Problem) => fromProblem(parsed.sheet, parsed.excelRows, p),
    finding: (f: Finding) => fromFinding(parsed.sheet, parsed.excelRows, f),
  };
  const prepared = prepareSubmission(roster, request, now);
  if (!prepared.ok) {
    const { problems, findings } = await besideRules(store, roster, prepared);
    return { ok: false, problems: [...problems.map(at.problem), ...findings.map(at.finding)] };
  }
  const { draft } = prepared;
  const locked = await lockedProblem(store, draft);
  if (locked) return { ok: false, problems: [at.problem(locked)] };
  const judged = judgeSubmission(roster, draft, await priorFigures(store, draft));
  if (!judged.ok)
    return { ok: false, problems: judged.findings.filter((f) => f.severity === 'error').map(at.finding) };

  const [current] = await currentSheets(store, draft.ledger.id, request.period, [draft.county.id]);
  const diff = current
    ? diffSheets(
        draft.ledger,
        current.rows.map((r) => r.values),
        draft.sheet.rows,
      ).length + (current.header.reporter === draft.sheet.reporter ? 0 : 1)
    : 0;
  const change: ChangeKind = !current ? 'new' : diff > 0 ? 'changed' : 'unchanged';
  return {
    ok: true,
    plan: {
      sheet: parsed.sheet,
      ledger: draft.ledger,
      period: request.period,
      county: draft.county,
      rows: draft.sheet.rows.length,
      change,
      changes: diff,
      current: current?.revision ?? null,
      warnings: judged.findings.map(at.finding),
      request,
      excelRows: parsed.excelRows,
    },
  };
}

/** A template without 填报人 is signed by its sender, as the card's form prefills it. */
function defaultReporter(contact: Contact): string {
  return [contact.name.replace(/（演示）$/, ''), contact.mobile].filter(Boolean).join(' ');
}

/** Two sheets for the same county, ledger and period would overwrite each other: refuse both. */
export function duplicatePlans(plans: readonly SheetPlan[]): ExcelProblem[] {
  const seen = new Map<string, SheetPlan>();
  return plans.flatMap((plan) => {
    const key = `${plan.ledger.id}|${plan.period}|${plan.county.id}`;
    const other = seen.get(key);
    seen.set(key, other ?? plan);
    if (!other) return [];
    const params = {
      sheet: plan.sheet,
      other: other.sheet,
      county: plan.county.name,
      period: plan.period,
      ledger: plan.ledger.title,
    };
    return [sheetMessage(plan.sheet, say('excel.duplicate', params))];
  });
}
