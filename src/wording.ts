// Puts what the domain found into the bot's words (prompts/), the same for chat, Excel and the CLI.
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
  return `【${say(`severity.${finding.severity}`)}·${finding.rule}】${where}${say(`finding.${finding.code}`, { label: finding.label, ...finding.params })}`;
}
