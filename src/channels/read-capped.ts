// Reading a downloaded file without trusting its size: both platforms say nothing of a file's size in
// the message event, so the body is read up to the limit and the download stopped past it.
import type { Download } from '../conversation/model.ts';

/** Reads a body up to maxBytes; past it the request is aborted. */
export async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
): Promise<Download> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    controller.abort();
    return { ok: false, reason: 'too_large' };
  }
  const reader = response.body?.getReader();
  if (!reader) return { ok: false, reason: 'failed' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}
