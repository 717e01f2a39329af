// Request authenticity: the X-Lark-Signature check over the raw body (when an Encrypt Key is
// configured) and the Verification Token check on the decrypted payload.
import { createHash } from 'node:crypto';
import { constantTimeEqual, type HeaderSource, readHeader } from '../kit/headers.ts';

export type { HeaderSource } from '../kit/headers.ts';

export type VerifyResult = { ok: true } | { ok: false; reason: 'unsigned' | 'bad_signature' | 'stale' };

export interface VerifyInput {
  /** The request body exactly as received (decoded as UTF-8), never a re-serialisation. */
  rawBody: string;
  headers: HeaderSource;
  /** Without an Encrypt Key Feishu signs nothing; the Verification Token is then the only check. */
  encryptKey?: string;
  now: Date;
  maxSkewSeconds?: number;
}

export function signFeishuBody(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody, 'utf8')
    .digest('hex');
}

export function verifyFeishuRequest(input: VerifyInput): VerifyResult {
  const { rawBody, headers, encryptKey, now, maxSkewSeconds = 300 } = input;
  if (!encryptKey) return { ok: true };
  const timestamp = readHeader(headers, 'x-lark-request-timestamp');
  const nonce = readHeader(headers, 'x-lark-request-nonce');
  const signature = readHeader(headers, 'x-lark-signature');
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'unsigned' };
  const expected = signFeishuBody(timestamp, nonce, encryptKey, rawBody);
  if (!constantTimeEqual(expected, signature.trim().toLowerCase()))
    return { ok: false, reason: 'bad_signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  const skewSeconds = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skewSeconds > maxSkewSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/** Schema 2.0 payloads carry the token in `header.token`; v1 events and url_verification at the top. */
export function checkToken(payload: unknown, verificationToken: string): boolean {
  if (!verificationToken || typeof payload !== 'object' || payload === null) return false;
  const record = payload as { header?: unknown; token?: unknown };
  const header = typeof record.header === 'object' && record.header !== null ? record.header : undefined;
  const nested = header ? (header as { token?: unknown }).token : undefined;
  const token = typeof nested === 'string' ? nested : record.token;
  return typeof token === 'string' && constantTimeEqual(token, verificationToken);
}
