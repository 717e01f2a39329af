// The reminder card: what is owed, by when, what of the period is already in, why it came and when
// the next one would, with a button to open each form.

import { actionValue } from '../conversation/actions.ts';
import type { Button, Card } from '../conversation/model.ts';
import { debtorKinds, findObligation } from '../domain/calendar.ts';
import type { RosterUnit } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { periodLabelWords } from '../wording.ts';

export interface ReminderItem {
  obligation: string;
  period: string;
  due: string;
  kind: 'before' | 'due' | 'overdue' | 'escalation';
  /** Days from today to the due date (negative once late). */
  daysLeft: number;
  county: RosterUnit;
  partnerName: string | null;
}

export interface CountyProgress {
  county: string;
  done: string[];
  missing: string[];
}

export function reminderCard(input: {
  unit: RosterUnit;
  today: string;
  items: readonly ReminderItem[];
  progress: readonly CountyProgress[];
  nextDate: string | null;
}): Card {
  const escalation = input.items.every((i) => i.kind === 'escalation');
  const late = input.items.some((i) => i.daysLeft < 0);
  const lines = input.items.map((item) => {
    const obligation = findObligation(item.obligation)?.title ?? item.obligation;
    const facts = {
      obligation: item.partnerName ? `${obligation}（${item.partnerName}）` : obligation,
      period: periodLabelWords(item.period),
      due: item.due,
      county: item.county.name,
    };
    if (item.kind === 'escalation') return say('reminder.escalation', { ...facts, days: -item.daysLeft });
    if (item.daysLeft < 0) return say('reminder.overdue', { ...facts, days: -item.daysLeft });
    if (item.daysLeft === 0) return say('reminder.due', facts);
    return say('reminder.before', { ...facts, days: item.daysLeft });
  });
  const progress = input.progress.map((p) =>
    say('reminder.progress', {
      county: p.county,
      done: p.done.join('、') || say('reminder.none'),
      missing: p.missing.join('、') || say('reminder.none'),
    }),
  );
  const buttons: Button[] = escalation
    ? []
    : input.items
        .flatMap((i) => {
          const obligation = findObligation(i.obligation);
          // Only forms this unit fills itself: a lead unit is not offered a county's ledger.
          if (!obligation || !debtorKinds(obligation.debtors).includes(input.unit.kind)) return [];
          const fulfilment = obligation.fulfilment;
          const form =
            fulfilment?.kind === 'ledger'
              ? fulfilment.ledger
              : fulfilment?.kind === 'declaration'
                ? fulfilment.form
                : null;
          return form ? [{ form, label: obligation.shortName, period: i.period, county: i.county.id }] : [];
        })
        .filter(
          (b, index, all) =>
            all.findIndex((x) => x.form === b.form && x.period === b.period && x.county === b.county) ===
            index,
        )
        .slice(0, 6)
        .map((b) => ({
          label: say('reminder.open', { ledger: b.label }),
          style: 'primary' as const,
          action: actionValue({ op: 'open', l: b.form, p: b.period, c: b.county }),
        }));
  return {
    title: say(escalation ? 'reminder.titleEscalation' : late ? 'reminder.titleLate' : 'reminder.title'),
    subtitle: say('reminder.subtitle', { unit: input.unit.name, date: input.today }),
    tone: late ? 'warning' : 'info',
    blocks: [
      { kind: 'text', text: [...lines, ...progress].join('\n') },
      ...(buttons.length > 0 ? [{ kind: 'buttons' as const, buttons }] : []),
      {
        kind: 'note',
        text: [
          say(escalation ? 'reminder.whyEscalation' : 'reminder.why'),
          input.nextDate ? say('reminder.next', { date: input.nextDate }) : say('reminder.noNext'),
        ].join('\n'),
      },
    ],
  };
}
