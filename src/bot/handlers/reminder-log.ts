// "提醒记录": what reminders went (or will go) to the units of the asker's scope.

import type { BotResponse } from '../../conversation/model.ts';
import { findObligation } from '../../domain/calendar.ts';
import { type Roster, scopeOf } from '../../domain/roster.ts';
import { say, sayIn } from '../../prompts.ts';
import { deliveries } from '../../store/outbox-repo.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';

const SHOWN = 30;

export async function reminderLog(deps: BotDeps, roster: Roster, who: Identified): Promise<BotResponse> {
  const rows = await deliveries(deps.store, { countyIds: scopeOf(roster, who.unit).countyIds, limit: SHOWN });
  if (rows.length === 0) return { replies: [{ kind: 'text', text: say('reminder.log.none') }] };
  const lines = rows.map((r) =>
    say('reminder.log.line', {
      date: r.planned_for,
      unit: roster.units.find((u) => u.id === r.unit_id)?.name ?? r.unit_id,
      contact: roster.contacts.find((c) => c.id === r.contact_id)?.name ?? r.contact_id,
      obligation: findObligation(r.obligation)?.title ?? r.obligation,
      period: r.period,
      kind: sayIn('reminder.log.kind', r.kind),
      state: sayIn('reminder.log.state', r.state),
    }),
  );
  return {
    replies: [
      {
        kind: 'card',
        card: {
          title: say('reminder.log.title'),
          tone: 'info',
          blocks: [{ kind: 'text', text: lines.join('\n') }],
        },
      },
    ],
  };
}
