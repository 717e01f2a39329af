// The console's outbound side: messages to console users are kept in a mailbox the console page
// reads. Sending twice with the same key keeps one message, as the platforms' idempotency keys do.
// The mailbox is a port (the store provides it): a channel knows no database.
import type { Messenger, Recipient, Reply } from '../../conversation/model.ts';
import type { Receipts } from '../../conversation/receipts.ts';

/** Where the console keeps what it sends (the store's mailbox, structurally). */
export interface Mailbox {
  put(mail: { key: string; recipient: string; payload: string; createdAt: string }): Promise<void>;
  read(recipient: string, since: string): Promise<{ key: string; payload: string; createdAt: string }[]>;
  /** Marks everything the recipient has been sent read, at `at`. */
  markRead(recipient: string, at: string): Promise<void>;
  /** One mail's recipient and when it was read (null: not yet); undefined when there is none. */
  readState(key: string): Promise<{ recipient: string; readAt: string | null } | undefined>;
}

export interface InboxMessage {
  key: string;
  reply: Reply;
  createdAt: string;
}

function recipientKey(to: Recipient): string {
  return to.kind === 'user' ? `user:${to.userId}` : `chat:${to.chatId}`;
}

export function consoleMessenger(mailbox: Mailbox, now: () => Date): Messenger {
  return {
    async send(to, reply, idempotencyKey) {
      await mailbox.put({
        key: idempotencyKey,
        recipient: recipientKey(to),
        payload: JSON.stringify(reply, storedBytes),
        createdAt: now().toISOString(),
      });
      // The mail's key is its id: the console's receipts read it back (consoleReceipts).
      return { messageId: idempotencyKey };
    },
  };
}

/** What the person's inbox holds after `since`. Opening it is reading it: with `now`, everything
 *  sent to them counts as read from then on (the console's receipts). */
export async function readInbox(
  mailbox: Mailbox,
  to: Recipient,
  since = '',
  now?: Date,
): Promise<InboxMessage[]> {
  const mails = await mailbox.read(recipientKey(to), since);
  if (now) await mailbox.markRead(recipientKey(to), now.toISOString());
  return mails.map((m) => ({
    key: m.key,
    reply: JSON.parse(m.payload, readBytes) as Reply,
    createdAt: m.createdAt,
  }));
}

/** A file reply's bytes are kept as base64 in the JSON. */
function storedBytes(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  // A Buffer has already turned itself into {type: 'Buffer', data: [...]} by the time it gets here.
  const data = (value as { type?: unknown; data?: unknown } | null)?.data;
  if (key === 'bytes' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray(data))
    return { base64: Buffer.from(data as number[]).toString('base64') };
  return value;
}

function readBytes(key: string, value: unknown): unknown {
  if (key !== 'bytes' || typeof value !== 'object' || value === null || !('base64' in value)) return value;
  return new Uint8Array(Buffer.from(String((value as { base64: unknown }).base64), 'base64'));
}

/** The console's receipts: a mail is read once its person has opened the inbox since it came; urging
 *  leaves a mail of its own (the console has no stronger push). */
export function consoleReceipts(mailbox: Mailbox, now: () => Date): Receipts {
  return {
    urgesMessage: false,
    readableForDays: 366,
    async readers(key) {
      const state = await mailbox.readState(key);
      return state?.readAt && state.recipient.startsWith('user:')
        ? [state.recipient.slice('user:'.length)]
        : [];
    },
    async urge(to, text) {
      await mailbox.put({
        key: to.key,
        recipient: `user:${to.userId}`,
        payload: JSON.stringify({ kind: 'text', text } satisfies Reply),
        createdAt: now().toISOString(),
      });
    },
  };
}
