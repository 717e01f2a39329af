// Puts what the domain found into the bot's words (prompts/), the same for chat, Excel and the CLI.

import type { LedgerSpec } from './domain/ledgers/types.ts';
import { type Period, parsePeriod } from './domain/period.ts';
import type { Problem } from './domain/problem.ts';
import type { RosterUnit } from './domain/roster.ts';
import type { Finding } from './domain/rules.ts';
import type { SheetChange } from './domain/sheet-diff.ts';
import { say, sayIn } from './prompts.ts';

export function describeProblem(problem: Problem): string {
  const where = problem.row ? say('location.row', { row: problem.row }) : '';
  const { cadence, expected, type } = problem.params ?? {};
  const params = {
    label: problem.label,
    ...problem.params,
    ...(cadence ? { cadence: sayIn('cadence', String(cadence)) } : {}),
    ...(problem.code === 'type_invalid'
      ? { expected: sayIn('expected', String(expected)), type: sayIn('valueType', String(type)) }
      : {}),
  };
  return where + say(`problem.${problem.code}`, params);
}

export function describeFinding(finding: Finding): string {
  const where = finding.row ? say('location.row', { row: finding.row }) : '';
  // People read the rule's name (逐年增长), never its id (R3).
  const mark = `【${say(`severity.${finding.severity}`)}·${say(`rule.${finding.rule}`)}】`;
  return `${mark}${where}${sayIn('finding', finding.code, { label: finding.label, ...finding.params })}`;
}

/** "2022年第四季度", "2023年度": a period as people write it. */
export function periodWords(period: Period): string {
  return period.quarter
    ? say('words.quarter', { year: period.year, quarter: say(`words.quarterName.${period.quarter}`) })
    : say('words.year', { year: period.year });
}

/** A period label ("2023Q1", "2023") in words; anything else as it is. */
export function periodLabelWords(label: string): string {
  const period = parsePeriod(label);
  return period ? periodWords(period) : label;
}

/** "附件2 省直定点帮扶"; a form without an attachment number by its name ("首次联席会议"). */
export function ledgerWords(ledger: LedgerSpec): string {
  return ledger.attachment === null
    ? ledger.shortName
    : say('words.ledger', { attachment: ledger.attachment, name: ledger.shortName });
}

/** One change between two revisions of a sheet, as 我的提交, the review card and the CLI show it. */
export function describeChange(change: SheetChange): string {
  if (change.kind === 'changed') return say('history.changed', change);
  return say(`history.${change.kind}`, { row: change.row });
}

/** Who confirms a saved sheet next (its reviewers), as its sender reads it: "省委宣传部（省直牵头单位）";
 *  null when there is nobody (a ledger the county's own submission settles). */
export function confirmerOf(units: readonly RosterUnit[]): string | null {
  if (units.length === 0) return null;
  return units
    .map((u) =>
      u.kind === 'bureau'
        ? u.name
        : say('submit.confirmer', { unit: u.name, kind: say(`unitKind.${u.kind}`) }),
    )
    .join('、');
}
