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
          reply: JSON.stringify(reply),
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
  return rows.map((r) => ({ key: r.key, reply: JSON.parse(r.reply) as Reply, createdAt: r.created_at }));
}
