// A verified payload → de-duplication, the bot, and the answer. Robot messages are taken in
// (message-intake.ts: answered at once, claimed, kept and handled after); card callbacks are claimed
// first and answered with the bot's toast and card — the answer updates the card, so a press costs one
// paid call (the callback) and no PUT card/instances. Only work that outlasts the deadline is answered
// "working on it", and its card is then put through the Open API when done. The press itself runs as on every
// platform (kit/card-press.ts).
import type { BotResponse, Card, InboundEvent, Messenger, Recipient } from '../../conversation/model.ts';
import { pressCard } from '../kit/card-press.ts';
import type { ChannelLogger } from '../logger.ts';
import type { IntakeDeps, MessageIntake } from '../message-intake.ts';
import { parseCardCallback, parseRobotMessage } from './parse.ts';
import { type DingtalkCallbackBody, type RenderOptions, renderCallbackResponse } from './render.ts';

export interface HandleDeps extends IntakeDeps {
  /**
   * Records the request's signature with the message it came with; false when the same signature came
   * with another message (store-backed, so every instance knows). Absent: no replay check (tests).
   */
  useSignature?: (signature: string, messageId: string) => Promise<boolean>;
  dispatch(event: InboundEvent): Promise<BotResponse>;
  messenger: Messenger;
  /** Replaces a delivered card (the client's updateCard), for a press answered before its work was done. */
  updateCard?: (outTrackId: string, card: Card) => Promise<void>;
  logger: ChannelLogger;
  /** The toast shown when the bot fails on a card action (wording belongs to the bot's prompts). */
  errorToast: string;
  /** The toast of a press answered before its work is done (the card follows). */
  workingToast?: string;
  /** How long a press may take before it is answered "working on it" (default 2.5 s). */
  cardDeadlineMs?: number;
  render?: RenderOptions;
}

export type HandleResult =
  | { status: 200; body: DingtalkCallbackBody }
  | { status: 400; body: { error: 'invalid_payload' } }
  | { status: 401; body: { error: 'replayed' } }
  | { status: 503; body: { error: 'unavailable' } };

const OK: HandleResult = { status: 200, body: {} };
const INVALID: HandleResult = { status: 400, body: { error: 'invalid_payload' } };
const REPLAYED: HandleResult = { status: 401, body: { error: 'replayed' } };
const UNAVAILABLE: HandleResult = { status: 503, body: { error: 'unavailable' } };

/** DingTalk signs the timestamp only: a signature seen with another message is a captured one reused. */
async function replayed(deps: HandleDeps, signature: string | null, messageId: string): Promise<boolean> {
  if (signature === null || !deps.useSignature) return false;
  if (await deps.useSignature(signature, messageId)) return false;
  deps.logger.warn({ messageId }, 'dingtalk signature reused with another message; refused');
  return true;
}

/** `signature`: the request's timestamp and sign (null when another check authenticated it). */
export async function handleRobotMessage(
  payload: unknown,
  deps: HandleDeps,
  intake: MessageIntake,
  signature: string | null = null,
): Promise<HandleResult> {
  const parsed = parseRobotMessage(payload);
  if (parsed.kind === 'invalid') {
    deps.logger.warn({ issue: parsed.issue }, 'dingtalk message invalid');
    return INVALID;
  }
  const messageId = parsed.kind === 'ignored' ? parsed.msgId : parsed.event.id;
  if (await replayed(deps, signature, messageId)) return REPLAYED;
  if (parsed.kind === 'ignored') {
    deps.logger.info({ msgId: parsed.msgId, reason: parsed.reason }, 'dingtalk message ignored');
    return OK;
  }
  const { event } = parsed;
  const to: Recipient =
    event.conversation.kind === 'group'
      ? { kind: 'chat', platform: 'dingtalk', chatId: event.conversation.id }
      : { kind: 'user', platform: 'dingtalk', userId: event.sender.userId };
  // Redelivery is not documented for HTTP robots; de-duplicate anyway.
  const taken = await intake(`dingtalk:msg:${event.id}`, { event, to });
  return taken === 'accepted' ? OK : UNAVAILABLE;
}

export async function handleCardCallback(
  payload: unknown,
  deps: HandleDeps,
  signature: string | null = null,
): Promise<HandleResult> {
  const parsed = parseCardCallback(payload);
  if (parsed.kind === 'invalid') {
    deps.logger.warn({ issue: parsed.issue }, 'dingtalk card callback invalid');
    return INVALID;
  }
  const { event, outTrackId, dedupKey } = parsed;
  if (await replayed(deps, signature, dedupKey)) return REPLAYED;
  const operator: Recipient = { kind: 'user', platform: 'dingtalk', userId: event.sender.userId };
  try {
    const outcome = await pressCard(
      {
        platform: 'dingtalk',
        mode: 'http',
        // The same press delivered twice carries the same content: act once.
        claimKey: `dingtalk:card:${dedupKey}`,
        eventId: event.id,
        event,
        operator,
        updateLater: (card) => putCard(outTrackId, card, deps),
      },
      deps,
    );
    if (outcome.kind === 'already') return OK;
    if (outcome.kind === 'working') {
      const working = deps.workingToast ? { toast: { tone: 'info' as const, text: deps.workingToast } } : {};
      return { status: 200, body: renderCallbackResponse(working, deps.render) };
    }
    return { status: 200, body: renderCallbackResponse(outcome.response, deps.render) };
  } catch (error) {
    deps.logger.error({ err: error, outTrackId }, 'dingtalk card action failed');
    return {
      status: 200,
      body: renderCallbackResponse({ toast: { tone: 'danger', text: deps.errorToast } }, deps.render),
    };
  }
}

async function putCard(outTrackId: string, card: Card, deps: HandleDeps): Promise<void> {
  try {
    await deps.updateCard?.(outTrackId, card);
  } catch (error) {
    deps.logger.error({ err: error, outTrackId }, 'dingtalk card update failed');
  }
}
