// A mailbox of stored messages by recipient: the console channel's outbound side keeps what it
// "sends" here for the console page to read. The store knows only keys and text, not replies.
import type { Store } from './store.ts';

export interface Mail {
  key: string;
  recipient: string;
  /** The message as the channel serialised it. */
  payload: string;
  createdAt: string;
}

export interface Mailbox {
  /** Keeps one message per key: putting the same key again changes nothing. */
  put(mail: Mail): Promise<void>;
  /** A recipient's messages after `since`, oldest first. */
  read(recipient: string, since: string): Promise<Mail[]>;
  /** Marks the recipient's unread messages read at `at` (opening the inbox). */
  markRead(recipient: string, at: string): Promise<void>;
  readState(key: string): Promise<{ recipient: string; readAt: string | null } | undefined>;
}

export function mailboxOf({ db }: Store): Mailbox {
  return {
    async put(mail) {
      await db
        .insertInto('console_inbox')
        .values({ key: mail.key, recipient: mail.recipient, reply: mail.payload, created_at: mail.createdAt })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
    async read(recipient, since) {
      const rows = await db
        .selectFrom('console_inbox')
        .selectAll()
        .where('recipient', '=', recipient)
        .where('created_at', '>', since)
        .orderBy('created_at')
        .orderBy('key')
        .execute();
      return rows.map((r) => ({
        key: r.key,
        recipient: r.recipient,
        payload: r.reply,
        createdAt: r.created_at,
      }));
    },
    async markRead(recipient, at) {
      await db
        .updateTable('console_inbox')
        .set({ read_at: at })
        .where('recipient', '=', recipient)
        .where('read_at', 'is', null)
        .where('created_at', '<=', at)
        .execute();
    },
    async readState(key) {
      const row = await db
        .selectFrom('console_inbox')
        .select(['recipient', 'read_at'])
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? { recipient: row.recipient, readAt: row.read_at } : undefined;
    },
  };
}
