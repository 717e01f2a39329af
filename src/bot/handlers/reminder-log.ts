// "提醒记录": what reminders went (or will go) to the units of the asker's scope — each sent one as
// 已送达, 已读 or 未读, as far as the platform has said — and the escalation steps taken for them.

import type { BotResponse } from '../../conversation/model.ts';
import { findObligation } from '../../domain/calendar.ts';
import { type Roster, scopeOf } from '../../domain/roster.ts';
import { say, sayIn } from '../../prompts.ts';
import { escalationsOf } from '../../store/escalations-repo.ts';
import { type Delivery, deliveries } from '../../store/outbox-repo.ts';
import { periodLabelWords } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';

const SHOWN = 30;
const ESCALATIONS_SHOWN = 10;

export async function reminderLog(deps: BotDeps, roster: Roster, who: Identified): Promise<BotResponse> {
  const { countyIds } = scopeOf(roster, who.unit);
  const [rows, steps] = await Promise.all([
    deliveries(deps.store, { countyIds, limit: SHOWN }),
    escalationsOf(deps.store, countyIds),
  ]);
  if (rows.length === 0 && steps.length === 0)
    return { replies: [{ kind: 'text', text: say('reminder.log.none') }] };
  const unitName = (id: string) => roster.units.find((u) => u.id === id)?.name ?? id;
  const contact = (id: string) => roster.contacts.find((c) => c.id === id);
  const lines = rows.map((r) =>
    say('reminder.log.line', {
      date: r.planned_for,
      unit: unitName(r.unit_id),
      contact: contact(r.contact_id)?.name ?? r.contact_id,
      obligation: findObligation(r.obligation)?.title ?? r.obligation,
      period: periodLabelWords(r.period),
      kind: sayIn('reminder.log.kind', r.kind),
      state: stateOf(r),
    }),
  );
  const escalations = steps
    .slice(-ESCALATIONS_SHOWN)
    .reverse()
    .map((e) => {
      const person = contact(e.contact_id);
      return say('reminder.log.escalationLine', {
        date: e.done_at ? e.done_at.slice(0, 10) : e.day,
        step: sayIn('reminder.log.step', e.step),
        unit: person ? unitName(person.unitId) : '',
        contact: person?.name ?? e.contact_id,
        obligation: findObligation(e.obligation)?.title ?? e.obligation,
        period: periodLabelWords(e.period),
        days: e.unread_workdays,
        state: sayIn('reminder.log.escalationState', e.state),
      });
    });
  const blocks: { kind: 'text'; text: string }[] = [];
  if (lines.length > 0) blocks.push({ kind: 'text', text: lines.join('\n') });
  if (escalations.length > 0)
    blocks.push({ kind: 'text', text: [say('reminder.log.escalationsTitle'), ...escalations].join('\n') });
  return {
    replies: [{ kind: 'card', card: { title: say('reminder.log.title'), tone: 'info', blocks } }],
  };
}

/** A sent reminder reads 已读 or 未读 once its platform has said; 已送达 until then. */
function stateOf(r: Delivery): string {
  if (r.state === 'sent' && r.read) return sayIn('reminder.log.reading', r.read);
  return sayIn('reminder.log.state', r.state);
}
