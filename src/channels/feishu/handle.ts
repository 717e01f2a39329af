// A trusted payload → de-duplication, the bot, and the answer. Messages are taken in (message-intake.ts:
// answered at once, claimed, kept and handled after); card callbacks are claimed first and answered with
// the bot's toast and card (they are never retried) — within Feishu's 3 s: work that takes longer is
// answered "working on it" and its card follows by the delayed update (token valid 30 min).
import { sendReplies } from '../../conversation/deliver.ts';
import type { BotResponse, Card, InboundEvent, Messenger, Recipient } from '../../conversation/model.ts';
import { CARD_DEADLINE_MS, withinDeadline } from '../deadline.ts';
import type { ChannelLogger } from '../logger.ts';
import type { IntakeDeps, MessageIntake } from '../message-intake.ts';
import { type ParseOptions, parseFeishuEvent } from './parse.ts';
import { type FeishuCallbackBody, type RenderOptions, renderCallbackResponse } from './render.ts';

export interface HandleDeps extends IntakeDeps {
  botOpenId?: string;
  cardChatKind?: ParseOptions['cardChatKind'];
  dispatch(event: InboundEvent): Promise<BotResponse>;
  messenger: Messenger;
  logger: ChannelLogger;
  /** The toast shown when the bot fails on a card action (wording belongs to the bot's prompts). */
  errorToast: string;
  /** The toast of a press answered before its work is done (the card follows). */
  workingToast?: string;
  /** The delayed update (the client's updateCard); without it a late card is not shown. */
  updateCard?: (token: string, card: Card) => Promise<void>;
  /** How long a press may take before it is answered "working on it" (default 2.5 s). */
  cardDeadlineMs?: number;
  render?: RenderOptions;
}

export type HandleResult =
  | { status: 200; body: FeishuCallbackBody | Record<string, never> }
  | { status: 400; body: { error: 'invalid_payload' } }
  | { status: 503; body: { error: 'unavailable' } };

const OK: HandleResult = { status: 200, body: {} };
const UNAVAILABLE: HandleResult = { status: 503, body: { error: 'unavailable' } };

export async function handleFeishuPayload(
  payload: unknown,
  deps: HandleDeps,
  intake: MessageIntake,
): Promise<HandleResult> {
  const parsed = parseFeishuEvent(payload, {
    ...(deps.botOpenId ? { botOpenId: deps.botOpenId } : {}),
    ...(deps.cardChatKind ? { cardChatKind: deps.cardChatKind } : {}),
  });
  switch (parsed.kind) {
    case 'invalid':
      deps.logger.warn({ issue: parsed.issue }, 'feishu payload invalid');
      return { status: 400, body: { error: 'invalid_payload' } };
    case 'ignored':
      if (parsed.eventId) await claimQuietly(`feishu:evt:${parsed.eventId}`, deps);
      return OK;
    case 'message': {
      const { event } = parsed;
      const to: Recipient = { kind: 'chat', platform: 'feishu', chatId: event.conversation.id };
      // Feishu: de-duplicate messages by message_id, not event_id.
      const taken = await intake(`feishu:msg:${event.id}`, { event, to });
      return taken === 'accepted' ? OK : UNAVAILABLE;
    }
    case 'card_action': {
      const { event, eventId, updateToken } = parsed;
      const errorBody: FeishuCallbackBody = { toast: { type: 'error', content: deps.errorToast } };
      const operator: Recipient = { kind: 'user', platform: 'feishu', userId: event.sender.userId };
      const work = (async () => {
        if (!(await deps.claim(`feishu:evt:${eventId}`))) return undefined;
        deps.logger.info(
          { platform: 'feishu', via: deps.via, kind: 'card_action', id: eventId },
          'event accepted',
        );
        deps.metrics?.count('events', {
          platform: 'feishu',
          mode: deps.via ?? 'webhook',
          kind: 'card_action',
        });
        return deps.dispatch(event);
      })();
      try {
        const raced = await withinDeadline(work, deps.cardDeadlineMs ?? CARD_DEADLINE_MS);
        if (!raced.inTime) {
          deps.defer(finishLate(raced.late, operator, eventId, updateToken, deps));
          return {
            status: 200,
            body: deps.workingToast ? { toast: { type: 'info', content: deps.workingToast } } : {},
          };
        }
        const response = raced.value;
        if (!response) return OK;
        // A card is answered in the chat it lives in: the operator's one-to-one chat.
        const replies = [...response.replies, ...(response.privateReplies ?? [])];
        if (replies.length > 0) deps.defer(sendReplies(replies, operator, `reply:${eventId}`, deps));
        return { status: 200, body: renderCallbackResponse(response, deps.render) };
      } catch (error) {
        deps.logger.error({ err: error, eventId }, 'feishu card action failed');
        return { status: 200, body: errorBody };
      }
    }
  }
}

/** A press answered before its work was done: the replies, the new card by the delayed update, and the
 *  toast that could no longer be shown as a message. */
async function finishLate(
  late: Promise<BotResponse | undefined>,
  operator: Recipient,
  eventId: string,
  updateToken: string | undefined,
  deps: HandleDeps,
): Promise<void> {
  let response: BotResponse | undefined;
  try {
    response = await late;
  } catch (error) {
    deps.logger.error({ err: error, eventId }, 'feishu card action failed');
    await sendReplies([{ kind: 'text', text: deps.errorToast }], operator, `reply:${eventId}:late`, deps);
    return;
  }
  if (!response) return;
  const replies = [
    ...response.replies,
    ...(response.privateReplies ?? []),
    ...(response.toast ? [{ kind: 'text' as const, text: response.toast.text }] : []),
  ];
  if (replies.length > 0) await sendReplies(replies, operator, `reply:${eventId}`, deps);
  if (response.update && updateToken && deps.updateCard) {
    try {
      await deps.updateCard(updateToken, response.update);
    } catch (error) {
      deps.logger.error({ err: error, eventId }, 'feishu delayed card update failed');
    }
  }
}

async function claimQuietly(key: string, deps: HandleDeps): Promise<void> {
  try {
    await deps.claim(key);
  } catch (error) {
    deps.logger.warn({ err: error, key }, 'feishu claim failed');
  }
}
