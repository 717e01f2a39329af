// Binding chat accounts to roster contacts: by the platform's mobile lookup or a one-time code.
import { bumpRosterVersion } from './roster-repo.ts';
import type { Store } from './store.ts';

/** Binds a contact that has no account yet; false when it is already bound (compare-and-set). */
export async function bindContact(
  store: Store,
  contactId: string,
  platform: string,
  userId: string,
): Promise<boolean> {
  const result = await store.db
    .updateTable('contacts')
    .set({ platform, platform_user_id: userId })
    .where('id', '=', contactId)
    .where('platform_user_id', 'is', null)
    .executeTakeFirst();
  const bound = Number(result.numUpdatedRows) === 1;
  if (bound) await bumpRosterVersion(store).execute();
  return bound;
}

/** Binds a contact to this account whatever it had before: the bureau's one-time code says so. */
export async function rebindContact(
  store: Store,
  contactId: string,
  platform: string,
  userId: string,
): Promise<void> {
  await store.batch([
    store.db.updateTable('contacts').set({ platform, platform_user_id: userId }).where('id', '=', contactId),
    bumpRosterVersion(store),
  ]);
}

export async function issueBindCode(
  { db }: Store,
  contactId: string,
  code: string,
  expiresAt: Date,
): Promise<void> {
  await db
    .insertInto('bind_codes')
    .values({ code, contact_id: contactId, expires_at: expiresAt.toISOString(), used_at: null })
    .execute();
}

/** Uses a code once; returns the contact it binds, or null when unknown, used or expired. */
export async function consumeBindCode({ db }: Store, code: string, now: Date): Promise<string | null> {
  const at = now.toISOString();
  const used = await db
    .updateTable('bind_codes')
    .set({ used_at: at })
    .where('code', '=', code)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) return null;
  const row = await db
    .selectFrom('bind_codes')
    .select('contact_id')
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.contact_id ?? null;
}
