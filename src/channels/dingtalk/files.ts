// Files over the Open API: a file to send is uploaded as media (oapi media/upload, type=file) and sent
// as the robot message `sampleFile` {mediaId, fileName, fileType}; a file someone sent the robot is
// fetched by its downloadCode (robot/messageFiles/download → a short-lived downloadUrl → GET).
import type { Attachment, Download, OutboundFile } from '../../conversation/model.ts';
import { readCapped } from '../read-capped.ts';
import type { DingtalkApi } from './api.ts';
import type { RobotMessageBody } from './render.ts';

export const MEDIA_UPLOAD_PATH = '/media/upload';
export const MESSAGE_FILES_DOWNLOAD_PATH = '/v1.0/robot/messageFiles/download';

export interface FileOptions {
  api: DingtalkApi;
  robotCode: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

function extensionOf(filename: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? 'file';
}

/** Uploads the file and returns the robot message that sends it. */
export async function fileMessage(options: FileOptions, file: OutboundFile): Promise<RobotMessageBody> {
  const form = new FormData();
  form.set('type', 'file');
  form.set('media', new Blob([file.bytes.slice()], { type: file.mime }), file.filename);
  const body = await options.api.call({
    method: 'POST',
    path: MEDIA_UPLOAD_PATH,
    host: 'oapi',
    body: null,
    form,
  });
  const mediaId = (body as { media_id?: unknown } | null)?.media_id;
  if (typeof mediaId !== 'string' || !mediaId) throw new Error(`${MEDIA_UPLOAD_PATH}: no media_id`);
  return {
    msgKey: 'sampleFile',
    msgParam: JSON.stringify({ mediaId, fileName: file.filename, fileType: extensionOf(file.filename) }),
  };
}

/** Fetches a received file, stopping (too_large) past maxBytes. */
export async function downloadFile(
  options: FileOptions,
  attachment: Attachment,
  maxBytes: number,
): Promise<Download> {
  if (attachment.size !== undefined && attachment.size > maxBytes) return { ok: false, reason: 'too_large' };
  const body = await options.api.call({
    method: 'POST',
    path: MESSAGE_FILES_DOWNLOAD_PATH,
    body: { downloadCode: attachment.key, robotCode: options.robotCode },
  });
  const url = (body as { downloadUrl?: unknown } | null)?.downloadUrl;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return { ok: false, reason: 'failed' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) return { ok: false, reason: 'failed' };
    return await readCapped(response, maxBytes, controller);
  } finally {
    clearTimeout(timer);
  }
}
