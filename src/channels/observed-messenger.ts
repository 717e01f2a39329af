// Every message sent leaves an info line and a count: platform, recipient kind and id, reply kind, and
// the idempotency key's purpose (reply, rem = reminder, …) — never what it says.
import type { Messenger } from '../conversation/model.ts';
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
