// From the raw request to a trusted payload: JSON, signature, decryption, verification token, challenge.
// Order matters: a signed request is checked before anything is decrypted; the url_verification
// challenge carries no signature (FD; node-sdk #67), so it is answered on the token alone.
import type { RejectCode } from '../kit/rejection.ts';
import { decryptFeishuPayload } from './decrypt.ts';
import { checkToken, type HeaderSource, verifyFeishuRequest } from './verify.ts';

export type { RejectCode };

export type Authenticated =
  | { kind: 'reject'; code: RejectCode }
  | { kind: 'challenge'; challenge: string }
  | { kind: 'payload'; payload: Record<string, unknown> };

export interface AuthenticateInput {
  rawBody: string;
  headers: HeaderSource;
  encryptKey?: string;
  verificationToken: string;
  now: Date;
  maxSkewSeconds?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function authenticateFeishuRequest(input: AuthenticateInput): Authenticated {
  const outer = parseJson(input.rawBody);
  if (!outer) return { kind: 'reject', code: 'invalid_json' };
  const signature = verifyFeishuRequest({
    rawBody: input.rawBody,
    headers: input.headers,
    ...(input.encryptKey ? { encryptKey: input.encryptKey } : {}),
    now: input.now,
    ...(input.maxSkewSeconds !== undefined ? { maxSkewSeconds: input.maxSkewSeconds } : {}),
  });
  if (!signature.ok && signature.reason !== 'unsigned') return { kind: 'reject', code: signature.reason };

  let payload: Record<string, unknown> = outer;
  if (typeof outer.encrypt === 'string') {
    if (!input.encryptKey) return { kind: 'reject', code: 'undecryptable' };
    const decrypted = decryptFeishuPayload(outer.encrypt, input.encryptKey);
    if (!decrypted.ok || !isRecord(decrypted.value)) return { kind: 'reject', code: 'undecryptable' };
    payload = decrypted.value;
  }

  if (payload.type === 'url_verification') {
    if (!checkToken(payload, input.verificationToken)) return { kind: 'reject', code: 'bad_token' };
    if (typeof payload.challenge !== 'string') return { kind: 'reject', code: 'invalid_payload' };
    return { kind: 'challenge', challenge: payload.challenge };
  }
  if (!signature.ok) return { kind: 'reject', code: signature.reason };
  if (!checkToken(payload, input.verificationToken)) return { kind: 'reject', code: 'bad_token' };
  return { kind: 'payload', payload };
}
