// A received file held until its sender answers on its card (确认保存 / 取消, or which document it
// is): kept under pending/, answerable only by its sender, for a day.
import { randomUUID } from 'node:crypto';
import { sha256 } from '../../app/documents.ts';
import type { BotResponse, Sender } from '../../conversation/model.ts';
import { say } from '../../prompts.ts';
import type { DocumentStore } from '../../store/document-store.ts';
import {
  findPendingUpload,
  insertPendingUpload,
  type PendingUpload,
  type UploadPurpose,
} from '../../store/documents-repo.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';

/** How long a received file waits for its sender's answer. */
export const PENDING_HOURS = 24;
export const MB = 1024 * 1024;

export interface Received {
  bytes: Uint8Array;
  name: string;
  sender: Sender;
}

export function text(t: string): BotResponse {
  return { replies: [{ kind: 'text', text: t }] };
}

export function toast(tone: 'warning' | 'danger', t: string): BotResponse {
  return { toast: { tone, text: t }, replies: [] };
}

/** The file held for an answer on its card — only for its sender, while it waits; else the refusal. */
export async function heldUpload(
  deps: BotDeps,
  who: Identified,
  id: string,
  purpose: UploadPurpose,
): Promise<{ pending: PendingUpload; documents: DocumentStore } | { refused: BotResponse }> {
  const documents = deps.documents;
  const pending = await findPendingUpload(deps.store, id);
  if (!documents || !pending || pending.purpose !== purpose)
    return { refused: toast('warning', say('files.expired')) };
  if (pending.contactId !== who.contact.id) return { refused: toast('danger', say('files.notSender')) };
  return { pending, documents };
}

/** Keeps the file under pending/ and records who may answer for it, until when. */
export async function holdFile(
  deps: BotDeps,
  documents: DocumentStore,
  who: Identified,
  received: Received,
  purpose: UploadPurpose,
  file: { ext: string; mime: string },
): Promise<string> {
  const id = randomUUID().replace(/-/g, '').slice(0, 24);
  const key = `pending/${id}.${file.ext}`;
  await documents.put(key, received.bytes, file.mime);
  const now = deps.now();
  await insertPendingUpload(deps.store, {
    id,
    purpose,
    contactId: who.contact.id,
    platform: received.sender.platform,
    userId: received.sender.userId,
    fileName: received.name,
    mime: file.mime,
    size: received.bytes.byteLength,
    sha256: sha256(received.bytes),
    storageKey: key,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + PENDING_HOURS * 3_600_000).toISOString(),
    resolution: null,
  });
  return id;
}

export function sizeText(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
