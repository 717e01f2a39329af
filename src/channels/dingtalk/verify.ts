// Request authenticity for the enterprise robot's HTTP callback (DD 接收消息, platforms.md §6):
// headers `timestamp` (ms) and `sign` = base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret)),
// rejected beyond one hour of skew. The body is not signed, so the check is on headers alone.
import { createHmac } from 'node:crypto';
import { constantTimeEqual, type HeaderSource, readHeader } from '../kit/headers.ts';

export type { HeaderSource } from '../kit/headers.ts';

export type VerifyResult = { ok: true } | { ok: false; reason: 'unsigned' | 'bad_signature' | 'stale' };

export interface DingtalkVerifyInput {
  headers: HeaderSource;
  appSecret: string;
  now: Date;
  /** DingTalk's documented window: one hour either way. */
  maxSkewMs?: number;
}

export function signDingtalkTimestamp(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`, 'utf8').digest('base64');
}

export function verifyDingtalkRequest(input: DingtalkVerifyInput): VerifyResult {
  const { headers, appSecret, now, maxSkewMs = 3_600_000 } = input;
  const timestamp = readHeader(headers, 'timestamp')?.trim();
  const sign = readHeader(headers, 'sign')?.trim();
  if (!appSecret || !timestamp || !sign) return { ok: false, reason: 'unsigned' };
  if (!constantTimeEqual(signDingtalkTimestamp(timestamp, appSecret), sign)) {
    return { ok: false, reason: 'bad_signature' };
  }
  // Signed but not a plain millisecond count: treated as outside the window, never as valid.
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  if (Math.abs(now.getTime() - Number(timestamp)) > maxSkewMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}

export interface CardCallbackVerifyInput extends DingtalkVerifyInput {
  /** The token from the callback URL (query `token` or the last path segment), if any. */
  urlToken: string | undefined;
  /** The token put into the callbackUrl registered with card/callbacks/register. */
  callbackToken: string | undefined;
}

/** What DingTalk signs on an HTTP card callback is not documented where we could read it (TEMPLATE.md
 *  lists what was searched), so a card callback is accepted on the secret token of the registered
 *  callback URL. Robot-style `timestamp`/`sign` headers stand in only when no token is configured:
 *  they sign a timestamp and not the body, so one pair seen anywhere (a log, a proxy) would authorise
 *  any callback for an hour — weaker than the token, which must then not be bypassed. */
export function verifyCardCallback(input: CardCallbackVerifyInput): VerifyResult {
  const { urlToken, callbackToken } = input;
  if (callbackToken) {
    if (urlToken === undefined) return { ok: false, reason: 'unsigned' };
    return constantTimeEqual(urlToken, callbackToken) ? { ok: true } : { ok: false, reason: 'bad_signature' };
  }
  // No token configured: a token in the URL is not one we issued.
  if (urlToken !== undefined) return { ok: false, reason: 'bad_signature' };
  return verifyDingtalkRequest(input);
}
