// A file or picture sent to the bot: fetched from the platform within the size limit, recognised by
// its bytes, then either previewed as a filled template (import.ts) or filed as a document
// (documents.ts). Nothing is saved at this point; both end in a card that waits for the sender.
import { randomUUID } from 'node:crypto';
import { sha256 } from '../../app/documents.ts';
import { classifyFile, MAX_DOCUMENT_BYTES } from '../../app/file-kind.ts';
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
import type { Attachment, BotResponse, Sender } from '../model.ts';
import { askDocument } from './documents.ts';
import { previewUpload } from './import.ts';

/** How long a received file waits for its sender's answer. */
export const PENDING_HOURS = 24;
const MB = 1024 * 1024;

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

export async function receiveFile(
  deps: BotDeps,
  who: Identified,
  sender: Sender,
  attachment: Attachment,
): Promise<BotResponse> {
  const source = deps.files?.[sender.platform];
  if (!source) return text(say('files.noSource'));
  if (!deps.documents) return text(say('files.noStore'));
  const name = attachment.name || say('files.noName');
  const download = await source.download(attachment, MAX_DOCUMENT_BYTES).catch(() => null);
  if (!download?.ok) {
    return text(
      download?.reason === 'too_large'
        ? say('files.tooLarge', { max: MAX_DOCUMENT_BYTES / MB })
        : say('files.downloadFailed'),
    );
  }
  const received: Received = { bytes: download.bytes, name, sender };
  const kind = await classifyFile(download.bytes, name);
  switch (kind.kind) {
    case 'workbook':
      return previewUpload(deps, deps.documents, who, received);
    case 'document':
      return askDocument(deps, deps.documents, who, received, kind);
    case 'unsupported':
      return text(say('files.unsupported', { ext: kind.ext }));
  }
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
