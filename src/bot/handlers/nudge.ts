// "催报 <县> [台账]": a lead unit, city or the bureau sends the county's contacts a reminder card now,
// at most once per county and ledger an hour.
import { statusReport } from '../../app/status.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod } from '../../domain/period.ts';
import { contactsOf, inScope, type Roster, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import { claimEvent } from '../../store/events-repo.ts';
import { actionValue } from '../actions.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse, Card } from '../model.ts';
import { quarterNowDue } from '../period-words.ts';

const MAY_NUDGE = new Set(['lead_unit', 'city', 'bureau']);

export async function nudge(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: { county: string; ledger: LedgerId | null },
): Promise<BotResponse> {
  const reply = (text: string): BotResponse => ({ replies: [{ kind: 'text', text }] });
  if (!MAY_NUDGE.has(who.unit.kind)) return reply(say('nudge.notAllowed'));
  const county = roster.units.find((u) => u.kind === 'county' && u.name === ask.county);
  if (!county) return reply(say('bot.countyUnknown', { county: ask.county }));
  if (!inScope(scopeOf(roster, who.unit), county.id))
    return reply(say('bot.outOfScope', { county: county.name }));

  const now = deps.now();
  const period = formatPeriod(quarterNowDue(now));
  const status = await statusReport(
    deps.store,
    { period, ledger: ask.ledger ?? undefined, as: who.contact.id },
    now,
  );
  if (!status.ok) return reply(say('bot.errorToast'));
  const owed = status.report.obligations.flatMap((o) =>
    o.items
      .filter(
        (i) =>
          i.owed.county.id === county.id &&
          i.state === 'not_reported' &&
          i.owed.debtors.some((d) => d.id === county.id),
      )
      .map((i) => ({ o, i })),
  );
  if (owed.length === 0) return reply(say('nudge.nothing', { county: county.name, period }));
  const recipients = contactsOf(roster, county.id).filter((c) => c.platform && c.platformUserId);
  if (recipients.length === 0) return reply(say('nudge.noContact', { county: county.name }));

  const hour = now.toISOString().slice(0, 13);
  if (!(await claimEvent(deps.store, `nudge:${county.id}:${ask.ledger ?? 'all'}:${hour}`, now))) {
    return reply(say('nudge.already', { county: county.name }));
  }
  const card: Card = {
    title: say('nudge.title', { period }),
    subtitle: say('nudge.subtitle', { from: who.unit.name, county: county.name }),
    tone: 'warning',
    blocks: [
      {
        kind: 'text',
        text: [
          say('nudge.body'),
          ...owed.map(({ o, i }) =>
            say('nudge.item', {
              obligation: o.obligation.title,
              due: o.due,
              late: i.daysOverdue > 0 ? say('nudge.late', { days: i.daysOverdue }) : '',
            }),
          ),
        ].join('\n'),
      },
      {
        kind: 'buttons',
        buttons: owed
          .filter(({ o }) => o.obligation.fulfilment.kind === 'ledger')
          .slice(0, 5)
          .map(({ o }) => ({
            label: say('nudge.open', { ledger: o.obligation.id }),
            style: 'primary' as const,
            action: actionValue({
              op: 'open',
              l: o.obligation.fulfilment.kind === 'ledger' ? o.obligation.fulfilment.ledger : '',
              p: o.period,
              c: county.id,
            }),
          })),
      },
    ],
  };
  await Promise.all(
    recipients.map((c) =>
      deps.messenger.send(
        { kind: 'user', platform: c.platform ?? 'console', userId: c.platformUserId ?? '' },
        { kind: 'card', card },
        `nudge:${c.id}:${ask.ledger ?? 'all'}:${hour}`,
      ),
    ),
  );
  return reply(say('nudge.sent', { county: county.name, count: recipients.length }));
}
