// Rows about received files: the documents counties sent (D1, D2), and files waiting for their
// sender's answer (pending_uploads). Writes are single statements; answering a pending file is a
// compare-and-set on `resolution`, so a double click or a second instance acts once.

import { inList } from './in-list.ts';
import type { Store } from './store.ts';

export interface DocumentRecord {
  id: string;
  countyId: string;
  year: number;
  obligation: string;
  kind: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  contactId: string;
  unitId: string;
  receivedAt: string;
}

export async function insertDocument({ db }: Store, record: DocumentRecord): Promise<void> {
  await db
    .insertInto('documents')
    .values({
      id: record.id,
      county_id: record.countyId,
      year: record.year,
      obligation: record.obligation,
      kind: record.kind,
      file_name: record.fileName,
      mime: record.mime,
      size: record.size,
      sha256: record.sha256,
      storage_key: record.storageKey,
      contact_id: record.contactId,
      unit_id: record.unitId,
      received_at: record.receivedAt,
    })
    .execute();
}

/** Documents of a year, oldest first; optionally only some counties. */
export async function listDocuments(
  store: Store,
  year: number,
  countyIds?: readonly string[],
): Promise<DocumentRecord[]> {
  const { db } = store;
  if (countyIds && countyIds.length === 0) return [];
  let query = db.selectFrom('documents').selectAll().where('year', '=', year);
  if (countyIds) query = query.where(inList(store, 'county_id', countyIds));
  const rows = await query.orderBy('received_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    countyId: r.county_id,
    year: Number(r.year),
    obligation: r.obligation,
    kind: r.kind,
    fileName: r.file_name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    storageKey: r.storage_key,
    contactId: r.contact_id,
    unitId: r.unit_id,
    receivedAt: r.received_at,
  }));
}

export type UploadPurpose = 'import' | 'document';

export interface PendingUpload {
  id: string;
  purpose: UploadPurpose;
  contactId: string;
  platform: string;
  userId: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: string;
  expiresAt: string;
  resolution: string | null;
}

export async function insertPendingUpload({ db }: Store, upload: PendingUpload): Promise<void> {
  await db
    .insertInto('pending_uploads')
    .values({
      id: upload.id,
      purpose: upload.purpose,
      contact_id: upload.contactId,
      platform: upload.platform,
      user_id: upload.userId,
      file_name: upload.fileName,
      mime: upload.mime,
      size: upload.size,
      sha256: upload.sha256,
      storage_key: upload.storageKey,
      created_at: upload.createdAt,
      expires_at: upload.expiresAt,
      resolution: upload.resolution,
      resolved_at: null,
    })
    .execute();
}

export async function findPendingUpload({ db }: Store, id: string): Promise<PendingUpload | null> {
  const r = await db.selectFrom('pending_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    purpose: r.purpose === 'import' ? 'import' : 'document',
    contactId: r.contact_id,
    platform: r.platform,
    userId: r.user_id,
    fileName: r.file_name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    storageKey: r.storage_key,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    resolution: r.resolution,
  };
}

/** Marks the upload answered, if it still waits and has not expired: true for the one caller that did. */
export async function resolvePendingUpload(
  { db }: Store,
  id: string,
  resolution: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('pending_uploads')
    .set({ resolution, resolved_at: at })
    .where('id', '=', id)
    .where('resolution', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Uploads whose time ran out unanswered (their bytes can go). */
export async function expiredPendingUploads(
  { db }: Store,
  now: Date,
): Promise<{ id: string; storageKey: string }[]> {
  const rows = await db
    .selectFrom('pending_uploads')
    .select(['id', 'storage_key'])
    .where('resolution', 'is', null)
    .where('expires_at', '<=', now.toISOString())
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
}

/** Marks an expired upload as such (once), so its bytes are removed once. */
export async function expirePendingUpload({ db }: Store, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('pending_uploads')
    .set({ resolution: 'expired', resolved_at: now.toISOString() })
    .where('id', '=', id)
    .where('resolution', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
