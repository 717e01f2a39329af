// The console's outbound side: messages to console users are kept in a mailbox the console page
// reads. Sending twice with the same key keeps one message, as the platforms' idempotency keys do.
// The mailbox is a port (the store provides it): a channel knows no database.
import type { Messenger, Recipient, Reply } from '../../conversation/model.ts';

/** Where the console keeps what it sends (the store's mailbox, structurally). */
export interface Mailbox {
  put(mail: { key: string; recipient: string; payload: string; createdAt: string }): Promise<void>;
  read(recipient: string, since: string): Promise<{ key: string; payload: string; createdAt: string }[]>;
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
    },
  };
}

export async function readInbox(mailbox: Mailbox, to: Recipient, since = ''): Promise<InboxMessage[]> {
  const mails = await mailbox.read(recipientKey(to), since);
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
