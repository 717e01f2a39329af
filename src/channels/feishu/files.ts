// Files over the Open API: upload one (POST im/v1/files, multipart) to send it as a file message, and
// download what someone sent (GET im/v1/messages/:message_id/resources/:file_key). Plain fetch with the
// SDK's tenant token: the SDK's helpers buffer the whole download, and a download must stop at a limit.
import type { Attachment, Download, OutboundFile } from '../../conversation/model.ts';
import { readCapped } from '../read-capped.ts';

export const FILES_PATH = '/open-apis/im/v1/files';
export const resourcePath = (messageId: string, key: string) =>
  `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/resources/${encodeURIComponent(key)}`;

/** Feishu's file_type values: opus, mp4, pdf, doc, xls, ppt, stream (anything else). */
export function feishuFileType(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'doc' || ext === 'docx') return 'doc';
  if (ext === 'xls' || ext === 'xlsx') return 'xls';
  if (ext === 'ppt' || ext === 'pptx') return 'ppt';
  return 'stream';
}

export interface FileApi {
  domain: string;
  token(): Promise<string>;
  fetch: typeof fetch;
}

/** Uploads the file; the answer body ({code, data: {file_key}}) is returned for the retry wrapper. */
export async function uploadFile(api: FileApi, file: OutboundFile): Promise<unknown> {
  const form = new FormData();
  form.set('file_type', feishuFileType(file.filename));
  form.set('file_name', file.filename);
  form.set('file', new Blob([file.bytes.slice()], { type: file.mime }), file.filename);
  const response = await api.fetch(`${api.domain}${FILES_PATH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token()}` },
    body: form,
  });
  return response.json();
}

export function fileKeyOf(body: unknown): string {
  const key = (body as { data?: { file_key?: unknown } } | null)?.data?.file_key;
  if (typeof key !== 'string' || !key) throw new Error(`${FILES_PATH}: no file_key`);
  return key;
}

/** Downloads a message's file or image, stopping (and answering too_large) past maxBytes. */
export async function downloadResource(
  api: FileApi,
  attachment: Attachment,
  maxBytes: number,
): Promise<Download> {
  if (attachment.size !== undefined && attachment.size > maxBytes) return { ok: false, reason: 'too_large' };
  const url = `${api.domain}${resourcePath(attachment.messageId, attachment.key)}?type=${attachment.kind}`;
  const controller = new AbortController();
  const response = await api.fetch(url, {
    headers: { authorization: `Bearer ${await api.token()}` },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) return { ok: false, reason: 'failed' };
  return readCapped(response, maxBytes, controller);
}
