// Review by cards: a saved 附件2/3 goes to the county's lead unit as a card; 确认 records it, 退回
// records the reason and sends the county a card with a button back to its form.
import { reviewSheet } from '../../app/review.ts';
import { actionValue, type CardAction } from '../../conversation/actions.ts';
import type { BotResponse, Reply } from '../../conversation/model.ts';
import { ledgerById } from '../../domain/ledgers/index.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { needsReview, reviewersOf } from '../../domain/review.ts';
import { contactsOf, findUnit, type Roster } from '../../domain/roster.ts';
import { diffSheets } from '../../domain/sheet-diff.ts';
import { say } from '../../prompts.ts';
import { sheetHistory } from '../../store/revisions-repo.ts';
import { describeProblem } from '../../wording.ts';
import { REASON_INPUT, reviewCard } from '../cards/review-card.ts';
import { type BotDeps, later } from '../deps.ts';
import type { Identified } from '../identify.ts';

/** After a save: one card per reviewer contact for this county, period and revision. */
export async function requestReview(
  deps: BotDeps,
  roster: Roster,
  ledgerId: LedgerId,
  period: string,
  countyId: string,
): Promise<void> {
  const ledger = ledgerById(ledgerId);
  const county = findUnit(roster, countyId);
  if (!needsReview(ledger) || !county) return;
  const history = await sheetHistory(deps.store, ledger.id, period, county.id);
  const latest = history[history.length - 1];
  if (!latest) return;
  const previous = history[history.length - 2];
  const card = reviewCard({
    ledger,
    county,
    revision: latest,
    contactName: roster.contacts.find((c) => c.id === latest.contactId)?.name ?? latest.contactId,
    changes: previous
      ? diffSheets(
          ledger,
          previous.rows.map((r) => r.values),
          latest.rows.map((r) => r.values),
        )
      : null,
  });
  const recipients = reviewersOf(roster, ledger, county)
    .flatMap((unit) => contactsOf(roster, unit.id))
    .filter((c) => c.platform && c.platformUserId);
  await later(deps, () =>
    Promise.all(
      recipients.map((c) =>
        deps.messenger.send(
          { kind: 'user', platform: c.platform ?? 'console', userId: c.platformUserId ?? '' },
          { kind: 'card', card },
          `review:${ledger.id}:${period}:${county.id}:${latest.revision}:${c.id}`,
        ),
      ),
    ),
  );
}

export async function handleReview(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  action: Extract<CardAction, { op: 'review' }>,
  form: Record<string, string>,
): Promise<BotResponse> {
  const reason = form[REASON_INPUT] ?? '';
  const result = await reviewSheet(
    deps.store,
    {
      as: who.contact.id,
      ledger: action.l,
      period: action.p,
      county: action.c,
      revision: action.v,
      decision: action.what,
      reason,
    },
    deps.now(),
  );
  if (!result.ok)
    return { toast: { tone: 'danger', text: result.problems.map(describeProblem).join('；') }, replies: [] };
  const { ledger, period, county } = result.sheet;
  const facts = {
    county: county.name,
    period,
    ledger: ledger.title,
    revision: action.v,
    reason: reason.trim(),
  };
  if (action.what === 'confirm') {
    return {
      toast: { tone: 'success', text: say('review.confirmedToast') },
      update: { title: say('review.confirmed', facts), tone: 'success', blocks: [] },
      replies: [],
    };
  }
  const notice: Reply = {
    kind: 'card',
    card: {
      title: say('review.returnTitle', facts),
      tone: 'warning',
      blocks: [
        { kind: 'text', text: say('review.returnBody', { ...facts, reviewer: result.reviewer.name }) },
        {
          kind: 'buttons',
          buttons: [
            {
              label: say('review.returnOpen'),
              style: 'primary',
              action: actionValue({ op: 'open', l: ledger.id, p: period, c: county.id }),
            },
          ],
        },
      ],
    },
  };
  const recipients = contactsOf(roster, county.id).filter((c) => c.platform && c.platformUserId);
  await later(deps, () =>
    Promise.all(
      recipients.map((c) =>
        deps.messenger.send(
          { kind: 'user', platform: c.platform ?? 'console', userId: c.platformUserId ?? '' },
          notice,
          `returned:${ledger.id}:${period}:${county.id}:${action.v}:${c.id}`,
        ),
      ),
    ),
  );
  return {
    toast: { tone: 'success', text: say('review.returnedToast', facts) },
    update: { title: say('review.returned', facts), tone: 'warning', blocks: [] },
    replies: [],
  };
}
