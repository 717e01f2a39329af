// One submission path for every channel: prepare (validate, scope), judge (rules against prior
// figures), append a revision. Used by the cards, the Excel import and the CLI alike.

import type { RowValues } from '../domain/ledgers/types.ts';
import { formatPeriod, previousQuarterInYear, samePeriodLastYear } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import { isLocked, reviewersOf } from '../domain/review.ts';
import type { Roster, RosterUnit } from '../domain/roster.ts';
import { type Finding, rowKeyOf } from '../domain/rules.ts';
import {
  type Draft,
  judgeSubmission,
  type Prepared,
  prepareSubmission,
  ruleErrorsBeside,
  type SubmissionRequest,
} from '../domain/submission.ts';
import { periodEventsFor, sheetEventsFor } from '../store/review-repo.ts';
import { appendRevision, currentSheets, type NewRevision, nextRevision } from '../store/revisions-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import { isUniqueViolation, type Store } from '../store/store.ts';

export type SubmitOutcome =
  /** `reviewers`: who confirms the saved sheet next (none for a ledger the county's submission settles). */
  | { kind: 'saved'; draft: Draft; revision: number; findings: Finding[]; reviewers: RosterUnit[] }
  | { kind: 'refused'; draft: Draft; findings: Finding[] }
  /** Field problems, with the rule errors that read none of the fields in error. */
  | { kind: 'invalid'; problems: Problem[]; findings: Finding[] };

const ATTEMPTS = 5;

export async function submitSheet(
  store: Store,
  request: SubmissionRequest,
  source: NewRevision['source'],
  now: Date,
): Promise<SubmitOutcome> {
  const roster = await loadRoster(store);
  const prepared = prepareSubmission(roster, request, now);
  if (!prepared.ok) return { kind: 'invalid', ...(await besideRules(store, roster, prepared)) };
  const { draft } = prepared;
  const locked = (await lockedProblem(store, draft)) ?? (await partnerProblem(store, draft));
  if (locked) return { kind: 'invalid', problems: [locked], findings: [] };
  // Optimistic: read, judge, write revision N; a concurrent writer of N makes us read and judge again.
  for (let attempt = 1; ; attempt++) {
    const judged = judgeSubmission(roster, draft, await priorFigures(store, draft));
    if (!judged.ok) return { kind: 'refused', draft, findings: judged.findings };
    const period = formatPeriod(draft.period);
    const revision = await nextRevision(store, draft.ledger.id, period, draft.county.id);
    try {
      await appendRevision(
        store,
        {
          form: draft.ledger.id,
          period,
          countyId: draft.county.id,
          contactId: draft.contact.id,
          unitId: draft.unit.id,
          source,
          submittedAt: now.toISOString(),
          header: { reporter: draft.sheet.reporter, findings: judged.findings },
          rows: draft.sheet.rows.map((values) => ({ key: rowKeyOf(draft.ledger, values), values })),
        },
        revision,
      );
      const reviewers = reviewersOf(roster, draft.ledger, draft.county);
      return { kind: 'saved', draft, revision, findings: judged.findings, reviewers };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Field problems and, when the sheet could be read in part, the rule errors beside them. */
export async function besideRules(
  store: Store,
  roster: Roster,
  prepared: Extract<Prepared, { ok: false }>,
): Promise<{ problems: Problem[]; findings: Finding[] }> {
  const { problems, partial } = prepared;
  if (!partial) return { problems, findings: [] };
  return {
    problems,
    findings: ruleErrorsBeside(roster, partial, problems, await priorFigures(store, partial)),
  };
}

/** A helper answers for its own pair only: in a county's M3 sheet it may change its own row, not another helper's. */
async function partnerProblem(store: Store, draft: Draft): Promise<Problem | null> {
  const keyField = draft.ledger.rowKey[0];
  if (draft.unit.kind !== 'helper' || !keyField || !draft.ledger.partnersFrom?.includes('helps')) return null;
  const [current] = await currentSheets(store, draft.ledger.id, formatPeriod(draft.period), [
    draft.county.id,
  ]);
  const others = (rows: readonly RowValues[]) =>
    JSON.stringify(
      rows
        .filter((r) => r[keyField] !== draft.unit.name)
        .map((r) => [rowKeyOf(draft.ledger, r), r])
        .sort(),
    );
  if (others(current?.rows.map((r) => r.values) ?? []) === others(draft.sheet.rows)) return null;
  return { code: 'not_a_debtor', params: { ledger: draft.ledger.title, county: draft.county.name } };
}

/** A closed period takes no changes unless the bureau reopened this county's sheet. */
export async function lockedProblem(store: Store, draft: Draft): Promise<Problem | null> {
  const period = formatPeriod(draft.period);
  const events = await sheetEventsFor(store, draft.ledger.id, period, [draft.county.id]);
  if (!isLocked(await periodEventsFor(store, period), events.get(draft.county.id) ?? [])) return null;
  return {
    code: 'period_closed',
    params: { period, county: draft.county.name, ledger: draft.ledger.title, ledgerId: draft.ledger.id },
  };
}

/** The figures the rules compare a draft with; exported so a preview (Excel import) judges the same way. */
export async function priorFigures(store: Store, draft: Draft) {
  const sheetOf = async (period: string) => {
    const [sheet] = await currentSheets(store, draft.ledger.id, period, [draft.county.id]);
    return sheet ? { period, rows: sheet.rows.map((r) => r.values) } : null;
  };
  const previous = previousQuarterInYear(draft.period);
  return {
    previousQuarter: previous ? await sheetOf(formatPeriod(previous)) : null,
    lastYear: await sheetOf(formatPeriod(samePeriodLastYear(draft.period))),
  };
}
