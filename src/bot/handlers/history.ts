// "我的提交": the latest revisions of the sheets in the asker's scope, newest first, each with what
// its reviewing unit did with it (已确认 / 退回修改 and why), or 已报待确认 for the latest awaiting review.
import { localDate, localDateTime } from '../../domain/clock.ts';
import { ledgerById } from '../../domain/ledgers/index.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import { decisionOf, needsReview, type SheetEvent } from '../../domain/review.ts';
import { type Roster, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import { sheetEventsFor } from '../../store/review-repo.ts';
import { type RevisionHead, recentRevisions } from '../../store/revisions-repo.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse } from '../model.ts';

const SHOWN = 20;

export async function history(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  ask: { ledger: LedgerId | null; period: Period | null },
): Promise<BotResponse> {
  const scope = scopeOf(roster, who.unit);
  const heads = await recentRevisions(deps.store, {
    countyIds: scope.countyIds,
    form: ask.ledger ?? undefined,
    period: ask.period ? formatPeriod(ask.period) : undefined,
    limit: SHOWN,
  });
  if (heads.length === 0) return { replies: [{ kind: 'text', text: say('myHistory.none') }] };
  const review = await reviewOf(deps, roster, heads);
  const lines = heads.map((h) => {
    const county = roster.units.find((u) => u.id === h.countyId)?.name ?? h.countyId;
    return (
      say('myHistory.line', {
        at: localDateTime(new Date(h.submittedAt)),
        period: h.period,
        ledger: `${county} ${ledgerById(h.form as LedgerId).shortName}`,
        revision: h.revision,
        contact: roster.contacts.find((c) => c.id === h.contactId)?.name ?? h.contactId,
        source: say(`source.${h.source}`),
      }) + review(h)
    );
  });
  return {
    replies: [
      {
        kind: 'card',
        card: {
          title: say('myHistory.title'),
          subtitle: say('myHistory.subtitle', { unit: who.unit.name }),
          tone: 'info',
          blocks: [{ kind: 'text', text: lines.join('\n') }],
        },
      },
    ],
  };
}

/** What became of each revision: the decision on it, or 已报待确认 for a sheet's latest awaiting review. */
async function reviewOf(
  deps: BotDeps,
  roster: Roster,
  heads: readonly RevisionHead[],
): Promise<(h: RevisionHead) => string> {
  const events = new Map<string, Map<string, SheetEvent[]>>();
  const latest = new Map<string, number>();
  for (const h of heads) {
    const sheet = `${h.form}|${h.period}`;
    const ledger = ledgerById(h.form as LedgerId);
    if (needsReview(ledger) && !events.has(sheet)) {
      const countyIds = [
        ...new Set(heads.filter((x) => `${x.form}|${x.period}` === sheet).map((x) => x.countyId)),
      ];
      events.set(sheet, await sheetEventsFor(deps.store, h.form, h.period, countyIds));
    }
    const key = `${sheet}|${h.countyId}`;
    latest.set(key, Math.max(latest.get(key) ?? 0, h.revision));
  }
  return (h) => {
    const byCounty = events.get(`${h.form}|${h.period}`);
    if (!byCounty) return ''; // a ledger the county's own submission settles
    const list = byCounty.get(h.countyId) ?? [];
    const decision = decisionOf(h.revision, list);
    if (!decision)
      return latest.get(`${h.form}|${h.period}|${h.countyId}`) === h.revision ? say('myHistory.pending') : '';
    const facts = {
      unit: roster.units.find((u) => u.id === decision.unitId)?.name ?? decision.unitId,
      at: localDate(new Date(decision.at)),
      reason: decision.reason,
    };
    return say(decision.action === 'confirm' ? 'myHistory.confirmed' : 'myHistory.returned', facts);
  };
}
