// "我的提交": the latest revisions of the sheets in the asker's scope, newest first.
import { ledgerById } from '../../domain/ledgers/index.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import { type Roster, scopeOf } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import { recentRevisions } from '../../store/revisions-repo.ts';
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
  const lines = heads.map((h) => {
    const county = roster.units.find((u) => u.id === h.countyId)?.name ?? h.countyId;
    return say('myHistory.line', {
      at: h.submittedAt.slice(0, 16).replace('T', ' '),
      period: h.period,
      ledger: `${county} ${ledgerById(h.form as LedgerId).shortName}`,
      revision: h.revision,
      contact: roster.contacts.find((c) => c.id === h.contactId)?.name ?? h.contactId,
      source: say(`source.${h.source}`),
    });
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
