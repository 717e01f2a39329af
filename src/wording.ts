// Puts what the domain found into the bot's words (prompts/), the same for chat, Excel and the CLI.
import type { Problem } from './domain/problem.ts';
import type { Finding } from './domain/rules.ts';
import { say } from './prompts.ts';

export function describeProblem(problem: Problem): string {
  const where = problem.row ? say('location.row', { row: problem.row }) : '';
  const cadence = problem.params?.cadence;
  const params = {
    label: problem.label,
    ...problem.params,
    ...(cadence ? { cadence: say(`cadence.${cadence}`) } : {}),
  };
  return where + say(`problem.${problem.code}`, params);
}

export function describeFinding(finding: Finding): string {
  const where = finding.row ? say('location.row', { row: finding.row }) : '';
  // People read the rule's name (逐年增长), never its id (R3).
  const mark = `【${say(`severity.${finding.severity}`)}·${say(`rule.${finding.rule}`)}】`;
  return `${mark}${where}${say(`finding.${finding.code}`, { label: finding.label, ...finding.params })}`;
}
