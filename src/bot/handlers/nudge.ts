// "催报 <县> [台账]": a lead unit, city or the bureau sends the county's contacts a reminder card now,
// at most once per county and ledger an hour.
import { statusReport } from '../../app/status.ts';
import { quarterNowDue } from '../../domain/current-period.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod } from '../../domain/period.ts';
import { contactsOf, inScope, type Roster, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import { claimEvent } from '../../store/events-repo.ts';
import { periodWords } from '../../wording.ts';
import { actionValue } from '../actions.ts';
import { phrase } from '../conversation/phrase.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse, Button, Card } from '../model.ts';

const MAY_NUDGE = new Set(['lead_unit', 'city', 'bureau']);
/** Buttons on one card: more would not fit a phone screen. */
const MAX_CHOICES = 12;

export async function nudge(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: { county: string | null; ledger: LedgerId | null },
): Promise<BotResponse> {
  const reply = (text: string): BotResponse => ({ replies: [{ kind: 'text', text }] });
  if (!MAY_NUDGE.has(who.unit.kind)) return reply(say('nudge.notAllowed'));
  if (!ask.county) return chooseCounty(deps, who, ask.ledger);
  const county = roster.units.find((u) => u.kind === 'county' && u.name === ask.county);
  if (!county) return reply(say('bot.countyUnknown', { county: ask.county }));
  if (!inScope(scopeOf(roster, who.unit), county.id))
    return reply(say('bot.outOfScope', { county: county.name }));

  const now = deps.now();
  const due = quarterNowDue(now);
  const period = formatPeriod(due);
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
  if (owed.length === 0)
    return reply(say('nudge.nothing', { county: county.name, period: periodWords(due) }));
  const recipients = contactsOf(roster, county.id).filter((c) => c.platform && c.platformUserId);
  if (recipients.length === 0) return reply(say('nudge.noContact', { county: county.name }));

  const hour = now.toISOString().slice(0, 13);
  if (!(await claimEvent(deps.store, `nudge:${county.id}:${ask.ledger ?? 'all'}:${hour}`, now))) {
    return reply(say('nudge.already', { county: county.name }));
  }
  const card: Card = {
    title: say('nudge.title', { period: periodWords(due) }),
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
            label: say('nudge.open', { ledger: o.obligation.shortName }),
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
  return reply(
    say('nudge.sent', {
      county: county.name,
      count: recipients.length,
      items: owed.map(({ o }) => o.obligation.shortName).join('、'),
    }),
  );
}

/** 催报 without a county: the counties in scope that still owe something now, as buttons. */
async function chooseCounty(deps: BotDeps, who: Identified, ledger: LedgerId | null): Promise<BotResponse> {
  const now = deps.now();
  const due = quarterNowDue(now);
  const status = await statusReport(
    deps.store,
    { period: formatPeriod(due), ledger: ledger ?? undefined, as: who.contact.id, summary: false },
    now,
  );
  if (!status.ok) return { replies: [{ kind: 'text', text: say('bot.errorToast') }] };
  const owing = [
    ...new Set(
      status.report.obligations.flatMap((o) =>
        o.items
          .filter((i) => i.state === 'not_reported' && i.owed.debtors.some((d) => d.id === i.owed.county.id))
          .map((i) => i.owed.county.name),
      ),
    ),
  ];
  if (owing.length === 0)
    return { replies: [{ kind: 'text', text: say('nudge.nobody', { period: periodWords(due) }) }] };
  const buttons: Button[] = owing.slice(0, MAX_CHOICES).map((county) => ({
    label: county,
    style: 'default',
    action: actionValue({ op: 'say', text: phrase('nudge', { ledger, period: null, county, city: null }) }),
  }));
  return {
    replies: [
      {
        kind: 'card',
        card: {
          title: say('clarify.chooseCounty', { what: say('clarify.phrase.nudge', { what: '' }).trim() }),
          subtitle: say('nudge.owing', { count: owing.length, period: periodWords(due) }),
          tone: 'info',
          blocks: [{ kind: 'buttons', buttons }],
        },
      },
    ],
  };
}
