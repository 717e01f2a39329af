// A card press, the same on every platform: claimed once (a press delivered twice acts once), counted,
// handed to the bot, and answered within the platform's deadline — with the bot's answer when it is
// ready in time (its replies go to the presser's one-to-one chat), else "working on it" and the rest
// when the work ends (late-press.ts). The platform turns the outcome into its callback body.

import { sendReplies } from '../../conversation/deliver.ts';
import type { BotResponse, Card, InboundEvent, Recipient } from '../../conversation/model.ts';
import type { ChatPlatform } from '../contract.ts';
import { CARD_DEADLINE_MS, withinDeadline } from '../deadline.ts';
import type { ChannelMetrics } from '../metrics.ts';
import { finishLatePress, type LatePressDeps } from './late-press.ts';

export interface PressDeps extends LatePressDeps {
  claim(key: string): Promise<boolean>;
  dispatch(event: InboundEvent): Promise<BotResponse>;
  defer(work: Promise<unknown>): void;
  metrics?: ChannelMetrics;
  /** How events reach this process (webhook, long connection, stream), for logs and metrics. */
  via?: string;
  /** How long a press may take before it is answered "working on it" (default 2.5 s). */
  cardDeadlineMs?: number;
}

export interface Press {
  platform: ChatPlatform;
  /** The mode counted when `via` is not set (webhook, http). */
  mode: string;
  claimKey: string;
  eventId: string;
  event: InboundEvent;
  operator: Recipient;
  /** How the platform updates the card once the work ends; absent, a late card is not shown. */
  updateLater?: (card: Card) => Promise<void>;
}

export type PressOutcome =
  | { kind: 'already' }
  | { kind: 'working' }
  | { kind: 'answered'; response: BotResponse };

export async function pressCard(press: Press, deps: PressDeps): Promise<PressOutcome> {
  const work = (async () => {
    if (!(await deps.claim(press.claimKey))) return undefined;
    deps.logger.info(
      { platform: press.platform, via: deps.via, kind: 'card_action', id: press.eventId },
      'event accepted',
    );
    deps.metrics?.count('events', {
      platform: press.platform,
      mode: deps.via ?? press.mode,
      kind: 'card_action',
    });
    return deps.dispatch(press.event);
  })();
  const raced = await withinDeadline(work, deps.cardDeadlineMs ?? CARD_DEADLINE_MS);
  if (!raced.inTime) {
    deps.defer(
      finishLatePress(
        raced.late,
        { operator: press.operator, eventId: press.eventId, platform: press.platform },
        press.updateLater,
        deps,
      ),
    );
    return { kind: 'working' };
  }
  const response = raced.value;
  if (!response) return { kind: 'already' };
  // A card is answered in the chat it lives in: the presser's one-to-one chat.
  const replies = [...response.replies, ...(response.privateReplies ?? [])];
  if (replies.length > 0) deps.defer(sendReplies(replies, press.operator, `reply:${press.eventId}`, deps));
  return { kind: 'answered', response };
}
