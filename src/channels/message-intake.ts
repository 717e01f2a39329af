// How a chat message is taken in: answered at once, then de-duplicated, kept and handled after the
// answer. The claim — which stores the message with it — is written after the 200 (as the bot's reply
// already was), so a burst of messages never waits on the database and their claims share commits.
// Once stored, the message is the inbox's (app/inbox.ts): handled even if the process dies first. A
// message whose claim fails is logged and dropped; from then on messages are claimed before they are
// answered, so while the store is failing the platform gets 503 and delivers them again, until a claim
// succeeds. Card callbacks are not taken in here: they are answered with the bot's result, claimed first.
import type { PendingMessage } from '../conversation/model.ts';
import type { ChannelLogger } from './logger.ts';
import type { ChannelMetrics } from './metrics.ts';

export interface IntakeDeps {
  /** True the first time a key is seen (store-backed de-duplication); the message is kept with it. */
  claim(key: string, message?: PendingMessage): Promise<boolean>;
  /** The message stored under `key` is waiting: the inbox handles it from here. */
  received(key: string): void;
  /** Keeps work alive after the answer (Workers `waitUntil`, a tracked promise on Node). */
  defer(work: Promise<unknown>): void;
  logger: ChannelLogger;
  metrics?: ChannelMetrics;
  /** How events arrive (webhook, long-connection, http, stream): named in the log line and counters. */
  via?: string;
}

/** 'accepted': answer 200 (the message is handled once, later); 'unavailable': answer 503. */
export type IntakeResult = 'accepted' | 'unavailable';

/** Takes in `message` under `key`, to be handled once if it is the first delivery of that key. */
export type MessageIntake = (key: string, message: PendingMessage) => Promise<IntakeResult>;

export function messageIntake(deps: IntakeDeps, channel: string): MessageIntake {
  let storeFailing = false;
  const claim = async (key: string, message: PendingMessage) => {
    try {
      const first = await deps.claim(key, message);
      storeFailing = false;
      if (first) {
        // One line per message taken in: kinds and ids, never what it says.
        deps.logger.info(
          {
            platform: channel,
            via: deps.via,
            kind: 'message',
            id: message.event.id,
            chat: message.event.conversation.kind,
            ...(message.event.kind === 'message' && message.event.attachment
              ? { attachment: message.event.attachment.kind }
              : {}),
          },
          'event accepted',
        );
        deps.metrics?.count('events', { platform: channel, mode: deps.via ?? 'webhook', kind: 'message' });
        deps.received(key);
      } else deps.logger.debug({ platform: channel, key }, 'event already taken in');
    } catch (error) {
      storeFailing = true;
      throw error;
    }
  };
  return async (key, message) => {
    if (storeFailing) {
      try {
        await claim(key, message);
        return 'accepted';
      } catch (error) {
        deps.logger.error({ err: error, key }, `${channel} claim failed; answered 503`);
        return 'unavailable';
      }
    }
    deps.defer(
      claim(key, message).catch((error: unknown) =>
        deps.logger.error({ err: error, key }, `${channel} claim failed; message dropped`),
      ),
    );
    return 'accepted';
  };
}
