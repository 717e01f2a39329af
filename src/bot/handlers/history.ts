// "我的提交": the latest revisions of the sheets in the asker's scope, newest first, each with what
// changed from the version before it and what its reviewing unit did with it (who confirmed or
// returned it, when, and why) — the same chronicle the CLI `history` prints (app/history.ts).
import {
  type HistoryEntry,
  type HistoryEvent,
  type SheetChronicle,
  sheetChronicle,
} from '../../app/history.ts';
import type { Block, BotResponse } from '../../conversation/model.ts';
import { localDateTime } from '../../domain/clock.ts';
import { ledgerById } from '../../domain/ledgers/index.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period, parsePeriod } from '../../domain/period.ts';
import { decisionOf, needsReview } from '../../domain/review.ts';
import { type Roster, scopeOf } from '../../domain/roster.ts';
import { say, sayIn } from '../../prompts.ts';
import { type RevisionHead, recentRevisions } from '../../store/revisions-repo.ts';
import { describeChange, ledgerWords, periodWords } from '../../wording.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';

const SHOWN = 20;
/** Changes listed per version; the rest are counted, so a 50-row correction stays readable. */
const CHANGES_SHOWN = 6;

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
  const chronicles = await chroniclesOf(deps, roster, heads);
  const blocks: Block[] = heads.map((h) => {
    const chronicle = chronicles.get(sheetKey(h));
    const entries = chronicle?.entries ?? [];
    const at = entries.findIndex((e) => e.revision.revision === h.revision);
    const entry = entries[at];
    const county = roster.units.find((u) => u.id === h.countyId)?.name ?? h.countyId;
    const head = say('myHistory.line', {
      at: localDateTime(new Date(h.submittedAt)),
      period: periodText(h.period),
      ledger: `${county} ${ledgerWords(ledgerById(h.form as LedgerId))}`,
      revision: h.revision,
      contact: entry?.contactName ?? h.contactId,
      source: sayIn('source', h.source),
    });
    const decided = decisionOn(h, chronicle);
    const lines = [
      head + stateOf(h, decided, h.revision === entries.length),
      ...(entry ? changeLines(entry, entries[at - 1]) : []),
      ...decisionLines(decided),
    ];
    return { kind: 'text', text: lines.join('\n') };
  });
  return {
    replies: [
      {
        kind: 'card',
        card: {
          title: say('myHistory.title'),
          subtitle: say('myHistory.subtitle', { unit: who.unit.name }),
          tone: 'info',
          blocks,
        },
      },
    ],
  };
}

/** "2023年第一季度" for the stored "2023Q1". */
function periodText(label: string): string {
  const period = parsePeriod(label);
  return period ? periodWords(period) : label;
}

const sheetKey = (h: { form: string; period: string; countyId: string }) =>
  `${h.form}|${h.period}|${h.countyId}`;

/** Each sheet's chronicle once, however many of its versions are listed. */
async function chroniclesOf(
  deps: BotDeps,
  roster: Roster,
  heads: readonly RevisionHead[],
): Promise<Map<string, SheetChronicle>> {
  const sheets = new Map(heads.map((h) => [sheetKey(h), h]));
  const read = await Promise.all(
    [...sheets].map(
      async ([key, h]) =>
        [
          key,
          await sheetChronicle(deps.store, roster, ledgerById(h.form as LedgerId), h.period, h.countyId),
        ] as const,
    ),
  );
  return new Map(read);
}

/** The confirm or return that decided this version, with who did it. */
function decisionOn(h: RevisionHead, chronicle: SheetChronicle | undefined): HistoryEvent | undefined {
  if (!chronicle) return undefined;
  const decision = decisionOf(
    h.revision,
    chronicle.events.map((e) => e.event),
  );
  return chronicle.events.find((e) => e.event === decision);
}

/** 已报待确认 / 已确认 / 退回修改 after a version its reviewing unit has decided or still has to. */
function stateOf(h: RevisionHead, decided: HistoryEvent | undefined, latest: boolean): string {
  if (!needsReview(ledgerById(h.form as LedgerId))) return '';
  if (decided) return say(decided.event.action === 'confirm' ? 'myHistory.confirmed' : 'myHistory.returned');
  return latest ? say('myHistory.pending') : '';
}

/** What this version changed from the one before it (its first version: that it was the first). */
function changeLines(entry: HistoryEntry, previous: HistoryEntry | undefined): string[] {
  if (!previous) return [say('myHistory.first', { rows: entry.revision.rows.length })];
  const { changes } = entry;
  const facts = { previous: previous.revision.revision };
  if (changes.length === 0) return [say('myHistory.unchanged', facts)];
  return [
    say('myHistory.changes', facts),
    ...changes.slice(0, CHANGES_SHOWN).map((c) => say('myHistory.change', { change: describeChange(c) })),
    ...(changes.length > CHANGES_SHOWN
      ? [say('myHistory.moreChanges', { count: changes.length - CHANGES_SHOWN })]
      : []),
  ];
}

/** Who confirmed or returned this version, when (Beijing time) and, for a return, why. */
function decisionLines(decided: HistoryEvent | undefined): string[] {
  if (!decided) return [];
  const facts = {
    unit: decided.unitName,
    contact: decided.contactName,
    at: localDateTime(new Date(decided.event.at)),
    reason: decided.event.reason,
  };
  return [say(decided.event.action === 'confirm' ? 'myHistory.confirmedBy' : 'myHistory.returnedBy', facts)];
}
