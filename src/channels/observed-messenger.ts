// Every message sent leaves an info line and a count: platform, recipient kind and id, reply kind, and
// the idempotency key's purpose (reply, rem = reminder, …) — never what it says.
import type { BatchMessenger, Messenger } from '../conversation/model.ts';
import type { ChannelLogger } from './logger.ts';
import type { ChannelMetrics } from './metrics.ts';

export function observedMessenger(
  messenger: Messenger,
  logger: ChannelLogger,
  metrics: ChannelMetrics | undefined,
): Messenger {
  return {
    async send(to, reply, key) {
      const sent = await messenger.send(to, reply, key);
      const purpose = key.split(':')[0] ?? '';
      const recipient = to.kind === 'user' ? to.userId : to.chatId;
      logger.info({ platform: to.platform, to: to.kind, recipient, reply: reply.kind, key }, 'message sent');
      metrics?.count('sent', { platform: to.platform, purpose });
      return sent;
    },
  };
}

/** The same for one reply to many people in one call: a line for the call, a count per person. */
export function observedBatchMessenger(
  batcher: BatchMessenger,
  platform: string,
  logger: ChannelLogger,
  metrics: ChannelMetrics | undefined,
): BatchMessenger {
  return {
    batches: (reply) => batcher.batches(reply),
    async sendMany(userIds, reply, key) {
      const answer = await batcher.sendMany(userIds, reply, key);
      const purpose = key.split(':')[0] ?? '';
      const delivered = Object.keys(answer.sent);
      logger.info(
        { platform, to: 'users', recipients: delivered, failed: answer.failed, reply: reply.kind, key },
        'message sent to many',
      );
      for (const _ of delivered) metrics?.count('sent', { platform, purpose });
      return answer;
    },
  };
}
