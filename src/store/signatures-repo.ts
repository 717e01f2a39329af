// DingTalk (timestamp, sign) pairs and the message each came with (signature_uses, migration 0013):
// one statement, so every instance sees a pair another has seen.
import { sql } from 'kysely';
import type { Store } from './store.ts';

/**
 * Records that `signature` came with `messageId`. False when it came before with another message: a
 * captured pair sent again with a new body. The same message again (a redelivery) is true.
 */
export async function useSignature(
  { db }: Store,
  signature: string,
  messageId: string,
  now: Date,
): Promise<boolean> {
  // On a conflict the row is touched only for the same message; RETURNING then gives it back, and no
  // row at all for another message.
  const { rows } = await sql<{
    message_id: string;
  }>`INSERT INTO signature_uses (signature, message_id, seen_at)
    VALUES (${signature}, ${messageId}, ${now.toISOString()})
    ON CONFLICT (signature) DO UPDATE SET seen_at = signature_uses.seen_at
      WHERE signature_uses.message_id = excluded.message_id
    RETURNING message_id`.execute(db);
  return rows.length > 0;
}

/** Forgets pairs seen before `before` (they are out of DingTalk's window by then). */
export async function pruneSignatures({ db }: Store, before: Date): Promise<void> {
  await db.deleteFrom('signature_uses').where('seen_at', '<', before.toISOString()).execute();
}
