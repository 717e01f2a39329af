// The console's outbound side: messages to console users are kept in a mailbox the console page
// reads. Sending twice with the same key keeps one message, as the platforms' idempotency keys do.
import type { Messenger, Recipient, Reply } from '../bot/model.ts';
import type { Store } from './store.ts';

export interface InboxMessage {
  key: string;
  reply: Reply;
  createdAt: string;
}

function recipientKey(to: Recipient): string {
  return to.kind === 'user' ? `user:${to.userId}` : `chat:${to.chatId}`;
}

export function consoleMessenger(store: Store, now: () => Date): Messenger {
  return {
    async send(to, reply, idempotencyKey) {
      await store.db
        .insertInto('console_inbox')
        .values({
          key: idempotencyKey,
          recipient: recipientKey(to),
          reply: JSON.stringify(reply, storedBytes),
          created_at: now().toISOString(),
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
  };
}

export async function readInbox({ db }: Store, to: Recipient, since = ''): Promise<InboxMessage[]> {
  const rows = await db
    .selectFrom('console_inbox')
    .selectAll()
    .where('recipient', '=', recipientKey(to))
    .where('created_at', '>', since)
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows.map((r) => ({
    key: r.key,
    reply: JSON.parse(r.reply, readBytes) as Reply,
    createdAt: r.created_at,
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
