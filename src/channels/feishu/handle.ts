// A trusted payload → de-duplication, the bot, and the answer. Messages are taken in (message-intake.ts:
// answered at once, claimed and handled after); card callbacks are claimed first and answered with the
// bot's toast and card (they are never retried).
import type { BotResponse, InboundEvent, Messenger, Recipient, Reply } from '../../bot/model.ts';
import type { MessageIntake } from '../message-intake.ts';
import type { ChannelLogger } from './logger.ts';
import { type ParseOptions, parseFeishuEvent } from './parse.ts';
import { type FeishuCallbackBody, type RenderOptions, renderCallbackResponse } from './render.ts';

export interface HandleDeps {
  botOpenId?: string;
  cardChatKind?: ParseOptions['cardChatKind'];
  dispatch(event: InboundEvent): Promise<BotResponse>;
  /** True the first time a key is seen (store-backed de-duplication). */
  claim(key: string): Promise<boolean>;
  messenger: Messenger;
  /** Keeps work alive after the answer (Workers `waitUntil`, a tracked promise on Node). */
  defer(work: Promise<unknown>): void;
  /** Runs a message's deferred handling when a slot is free (Node); without it, at once. */
  queue?<T>(work: () => Promise<T>): Promise<T>;
  logger: ChannelLogger;
  /** The toast shown when the bot fails on a card action (wording belongs to the bot's prompts). */
  errorToast: string;
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
      const chat: Recipient = { kind: 'chat', platform: 'feishu', chatId: event.conversation.id };
      const run = () => runDeferred(event, chat, `reply:${event.id}`, deps);
      // Feishu: de-duplicate messages by message_id, not event_id.
      const taken = await intake(`feishu:msg:${event.id}`, () => (deps.queue ? deps.queue(run) : run()));
      return taken === 'accepted' ? OK : UNAVAILABLE;
    }
    case 'card_action': {
      const { event, eventId } = parsed;
      const errorBody: FeishuCallbackBody = { toast: { type: 'error', content: deps.errorToast } };
      try {
        if (!(await deps.claim(`feishu:evt:${eventId}`))) return OK;
        const response = await deps.dispatch(event);
        const operator: Recipient = { kind: 'user', platform: 'feishu', userId: event.sender.userId };
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

async function claimQuietly(key: string, deps: HandleDeps): Promise<void> {
  try {
    await deps.claim(key);
  } catch (error) {
    deps.logger.warn({ err: error, key }, 'feishu claim failed');
  }
}

async function runDeferred(
  event: InboundEvent,
  to: Recipient,
  keyPrefix: string,
  deps: HandleDeps,
): Promise<void> {
  try {
    const response = await deps.dispatch(event);
    await sendReplies(response.replies, to, keyPrefix, deps);
    if (response.privateReplies?.length) {
      const sender: Recipient = { kind: 'user', platform: 'feishu', userId: event.sender.userId };
      await sendReplies(response.privateReplies, sender, `${keyPrefix}:private`, deps);
    }
  } catch (error) {
    deps.logger.error({ err: error, eventId: event.id }, 'feishu message handling failed');
  }
}

/** Sends each reply with the idempotency key `<prefix>:<index>`; one failure does not stop the rest. */
async function sendReplies(replies: readonly Reply[], to: Recipient, keyPrefix: string, deps: HandleDeps) {
  for (const [index, reply] of replies.entries()) {
    try {
      await deps.messenger.send(to, reply, `${keyPrefix}:${index}`);
    } catch (error) {
      deps.logger.error({ err: error, key: `${keyPrefix}:${index}` }, 'feishu reply not sent');
    }
  }
}
