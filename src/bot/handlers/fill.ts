// "填报 [台账] [期间]": the form card for the sheet, or a menu of the sheets this unit fills.
import { OBLIGATIONS, owedFor } from '../../domain/calendar.ts';
import { quarterNowDue } from '../../domain/current-period.ts';
import { findLedger, LEDGERS } from '../../domain/ledgers/index.ts';
import type { LedgerId, LedgerSpec } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import { type Roster, type RosterUnit, scopeOf } from '../../domain/roster.ts';
import { mayWrite } from '../../domain/submission.ts';
import { say } from '../../prompts.ts';
import { describeProblem } from '../../wording.ts';
import { actionValue } from '../actions.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse } from '../model.ts';
import { loadSheet } from '../sheet-context.ts';
import { sheetCard } from './forms.ts';

function text(t: string): BotResponse {
  return { replies: [{ kind: 'text', text: t }] };
}

/** The period a sheet is filled for: as asked, fitted to the ledger's cadence, else the one now due. */
export function fillPeriod(ledger: LedgerSpec, asked: Period | null, now: Date): Period {
  const due = quarterNowDue(now);
  if (ledger.cadence === 'annual') return { year: asked?.year ?? due.year, quarter: null };
  if (asked?.quarter) return asked;
  return asked && asked.year !== due.year ? { year: asked.year, quarter: 4 } : due;
}

/** The counties this unit fills something for. */
function countiesFor(roster: Roster, unit: RosterUnit): RosterUnit[] {
  const scope = scopeOf(roster, unit);
  return roster.units.filter((u) => u.kind === 'county' && scope.countyIds.includes(u.id));
}

export async function fill(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: { ledger: LedgerId | null; period: Period | null; county?: string | null },
): Promise<BotResponse> {
  const candidates = countiesFor(roster, who.unit);
  const county = ask.county
    ? candidates.find((c) => c.name === ask.county)
    : candidates.length === 1
      ? candidates[0]
      : undefined;
  if (!county) {
    if (ask.county) return text(say('bot.outOfScope', { county: ask.county }));
    return text(
      candidates.length === 0
        ? say('bot.nothingToFill')
        : say('bot.chooseCounty', { example: candidates[0]?.name ?? '' }),
    );
  }
  const ledger = ask.ledger ? findLedger(ask.ledger) : undefined;
  if (!ledger) return menu(deps, roster, who, county);
  const period = fillPeriod(ledger, ask.period, deps.now());
  const loaded = await loadSheet(deps.store, roster, who, ledger.id, formatPeriod(period), county.id);
  if (!loaded.ok) return text(loaded.problems.map(describeProblem).join('\n'));
  return { replies: [{ kind: 'card', card: await sheetCard(deps, loaded.ctx) }] };
}

/** The sheets this unit may fill for the county, as buttons. */
function menu(deps: BotDeps, roster: Roster, who: Identified, county: RosterUnit): BotResponse {
  const now = deps.now();
  const buttons = LEDGERS.flatMap((ledger) => {
    const period = fillPeriod(ledger, null, now);
    const obligation = OBLIGATIONS.find(
      (o) =>
        (o.fulfilment.kind === 'ledger'
          ? o.fulfilment.ledger
          : o.fulfilment.kind === 'declaration'
            ? o.fulfilment.form
            : '') === ledger.id,
    );
    if (obligation && owedFor(roster, obligation, period).every((o) => o.county.id !== county.id)) return [];
    if (!mayWrite(roster, who.unit, ledger, period, county).ok) return [];
    return [
      {
        label: say('card.menu.button', { ledger: ledger.shortName }),
        style: 'default' as const,
        action: actionValue({ op: 'open', l: ledger.id, p: formatPeriod(period), c: county.id }),
      },
    ];
  });
  if (buttons.length === 0) return text(say('bot.nothingToFill'));
  return {
    replies: [
      {
        kind: 'card',
        card: {
          title: say('card.menu.title'),
          subtitle: say('card.menu.subtitle', {
            unit: county.name,
            period: formatPeriod(quarterNowDue(now)),
          }),
          tone: 'info',
          blocks: [{ kind: 'buttons', buttons }],
        },
      },
    ],
  };
}
