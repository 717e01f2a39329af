// Answering after the platform has had its 200: a chat message's replies go to where it came from and
// the private part to the sender's one-to-one chat; a card press's replies to the presser. Each reply
// carries an idempotency key, so answering the same message again (after a crash) sends nothing twice.
import type { BotResponse, InboundEvent, Messenger, PendingMessage, Recipient, Reply } from './model.ts';

export interface AnswerDeps {
  dispatch(event: InboundEvent): Promise<BotResponse>;
  messenger: Messenger;
  logger: { error(obj: object, msg?: string): void };
}

/** Runs the bot on a waiting message and sends what it says; failures are logged, never thrown. */
export async function answerMessage({ event, to }: PendingMessage, deps: AnswerDeps): Promise<void> {
  const keyPrefix = `reply:${event.id}`;
  try {
    const response = await deps.dispatch(event);
    await sendReplies(response.replies, to, keyPrefix, deps);
    if (response.privateReplies?.length) {
      const sender: Recipient = {
        kind: 'user',
        platform: event.sender.platform,
        userId: event.sender.userId,
      };
      await sendReplies(response.privateReplies, sender, `${keyPrefix}:private`, deps);
    }
  } catch (error) {
    deps.logger.error(
      { err: error, platform: event.sender.platform, eventId: event.id },
      'message handling failed',
    );
  }
}

/** Sends each reply with the idempotency key `<prefix>:<index>`; one failure does not stop the rest. */
export async function sendReplies(
  replies: readonly Reply[],
  to: Recipient,
  keyPrefix: string,
  deps: Pick<AnswerDeps, 'messenger' | 'logger'>,
): Promise<void> {
  for (const [index, reply] of replies.entries()) {
    const key = `${keyPrefix}:${index}`;
    try {
      await deps.messenger.send(to, reply, key);
    } catch (error) {
      deps.logger.error({ err: error, platform: to.platform, key }, 'reply not sent');
    }
  }
}
