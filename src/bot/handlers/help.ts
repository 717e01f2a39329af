// The help card: what this person can do, with buttons for the usual questions.

import { actionValue } from '../../conversation/actions.ts';
import type { Button, Card } from '../../conversation/model.ts';
import { type Roster, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import type { Identified } from '../identify.ts';

export function helpCard(roster: Roster, who: Identified, prefix?: string): Card {
  const scope = scopeOf(roster, who.unit);
  const names = roster.units.filter((u) => scope.countyIds.includes(u.id)).map((u) => u.name);
  const kind = say(`unitKind.${who.unit.kind}`);
  const scopeLine = scope.all
    ? say('help.scopeAll', { unit: who.unit.name, kind, count: names.length })
    : say('help.scope', { unit: who.unit.name, kind, counties: names.join('、') || '—' });
  const lines = [prefix, scopeLine, say(who.unit.kind === 'county' ? 'help.county' : 'help.viewer')];
  lines.push(say(who.unit.kind === 'county' ? 'files.helpCounty' : 'files.helpViewer'));
  if (who.unit.kind === 'lead_unit') lines.push(say('help.lead'));
  if (who.unit.kind === 'helper') lines.push(say('help.helper'));
  if (who.unit.kind === 'bureau') lines.push(say('help.bureau'));
  const ask = (label: string, text: string): Button => ({
    label,
    style: 'default',
    action: actionValue({ op: 'say', text }),
  });
  const buttons =
    who.unit.kind === 'county'
      ? [ask(say('help.fill'), '填报'), ask(say('help.progress'), '进度')]
      : [
          ask(say('help.unreported'), '谁还没报'),
          ask(say('help.progress'), '进度'),
          ask(say('help.summary'), '汇总'),
        ];
  return {
    title: say('help.title'),
    tone: 'info',
    blocks: [
      { kind: 'text', text: lines.filter((l): l is string => Boolean(l)).join('\n') },
      { kind: 'buttons', buttons },
    ],
  };
}
