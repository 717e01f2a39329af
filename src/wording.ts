// Puts what the domain found into the bot's words (prompts/), the same for chat, Excel and the CLI.

import type { LedgerSpec } from './domain/ledgers/types.ts';
import type { Period } from './domain/period.ts';
import type { Problem } from './domain/problem.ts';
import type { Finding } from './domain/rules.ts';
import { say } from './prompts.ts';

export function describeProblem(problem: Problem): string {
  const where = problem.row ? say('location.row', { row: problem.row }) : '';
  const { cadence, expected, type } = problem.params ?? {};
  const params = {
    label: problem.label,
    ...problem.params,
    ...(cadence ? { cadence: say(`cadence.${cadence}`) } : {}),
    ...(problem.code === 'type_invalid'
      ? { expected: say(`expected.${expected}`), type: say(`valueType.${type}`) }
      : {}),
  };
  return where + say(`problem.${problem.code}`, params);
}

export function describeFinding(finding: Finding): string {
  const where = finding.row ? say('location.row', { row: finding.row }) : '';
  // People read the rule's name (逐年增长), never its id (R3).
  const mark = `【${say(`severity.${finding.severity}`)}·${say(`rule.${finding.rule}`)}】`;
  return `${mark}${where}${say(`finding.${finding.code}`, { label: finding.label, ...finding.params })}`;
}

/** "2022年第四季度", "2023年度": a period as people write it. */
export function periodWords(period: Period): string {
  return period.quarter
    ? say('words.quarter', { year: period.year, quarter: say(`words.quarterName.${period.quarter}`) })
    : say('words.year', { year: period.year });
}

/** "附件2 省直定点帮扶"; a form without an attachment number by its name ("首次联席会议"). */
export function ledgerWords(ledger: LedgerSpec): string {
  return ledger.attachment === null
    ? ledger.shortName
    : say('words.ledger', { attachment: ledger.attachment, name: ledger.shortName });
}
