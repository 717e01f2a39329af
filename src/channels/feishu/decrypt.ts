// Decrypts Feishu's `encrypt` field (AES-256-CBC, key = SHA-256(Encrypt Key), 16-byte IV prefix) with
// the SDK's own AESCipher. Never throws: garbage, a wrong key or non-JSON come back as tagged failures.
import { AESCipher } from '@larksuiteoapi/node-sdk';

export type DecryptResult<T> = { ok: true; value: T } | { ok: false; reason: 'undecryptable' | 'not_json' };

export function decryptFeishuText(encrypt: string, encryptKey: string): DecryptResult<string> {
  try {
    return { ok: true, value: new AESCipher(encryptKey).decrypt(encrypt) };
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
