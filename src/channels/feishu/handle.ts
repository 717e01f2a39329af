// A trusted payload → de-duplication, the bot, and the answer. Messages are taken in (message-intake.ts:
// answered at once, claimed, kept and handled after); card callbacks are claimed first and answered with
// the bot's toast and card (they are never retried) — within Feishu's 3 s: work that takes longer is
// answered "working on it" and its card follows by the delayed update (token valid 30 min). The press
// itself runs as on every platform (kit/card-press.ts).
import type { BotResponse, Card, InboundEvent, Messenger, Recipient } from '../../conversation/model.ts';
import { pressCard } from '../kit/card-press.ts';
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
      try {
        const outcome = await pressCard(
          {
            platform: 'feishu',
            mode: 'webhook',
            claimKey: `feishu:evt:${eventId}`,
            eventId,
            event,
            operator,
            ...(updateToken && deps.updateCard
              ? { updateLater: (card: Card) => deps.updateCard?.(updateToken, card) ?? Promise.resolve() }
              : {}),
          },
          deps,
        );
        if (outcome.kind === 'already') return OK;
        if (outcome.kind === 'working')
          return {
            status: 200,
            body: deps.workingToast ? { toast: { type: 'info', content: deps.workingToast } } : {},
          };
        return { status: 200, body: renderCallbackResponse(outcome.response, deps.render) };
      } catch (error) {
        deps.logger.error({ err: error, eventId }, 'feishu card action failed');
        return { status: 200, body: errorBody };
      }
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
