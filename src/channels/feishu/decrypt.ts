// Decrypts Feishu's `encrypt` field (AES-256-CBC, key = SHA-256(Encrypt Key), 16-byte IV prefix) — the
// SDK's AESCipher scheme, tested against it, without its per-request key derivation and hex round
// trip. Never throws: garbage, a wrong key or non-JSON come back as tagged failures.
import { createDecipheriv, createHash } from 'node:crypto';

export type DecryptResult<T> = { ok: true; value: T } | { ok: false; reason: 'undecryptable' | 'not_json' };

// The AES key of each Encrypt Key, derived once (one app has one; a few at most).
const KEYS = new Map<string, Buffer>();

function aesKey(encryptKey: string): Buffer {
  let key = KEYS.get(encryptKey);
  if (!key) {
    key = createHash('sha256').update(encryptKey).digest();
    if (KEYS.size >= 16) KEYS.clear();
    KEYS.set(encryptKey, key);
  }
  return key;
}

export function decryptFeishuText(encrypt: string, encryptKey: string): DecryptResult<string> {
  try {
    const data = Buffer.from(encrypt, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), data.subarray(0, 16));
    return {
      ok: true,
      value: Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8'),
    };
  } catch {
    return { ok: false, reason: 'undecryptable' };
  }
}

export function decryptFeishuPayload(encrypt: string, encryptKey: string): DecryptResult<unknown> {
  const text = decryptFeishuText(encrypt, encryptKey);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch {
    return { ok: false, reason: 'not_json' };
  }
}
