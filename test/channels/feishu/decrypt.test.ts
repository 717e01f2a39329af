import { AESCipher } from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { decryptFeishuPayload, decryptFeishuText } from '../../../src/channels/feishu/decrypt.ts';
import { encryptFeishu, messageSample } from '../../support/feishu-sign.ts';

describe('decryptFeishuText', () => {
  it('decrypts the documented test vector', () => {
    expect(decryptFeishuText('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toEqual({
      ok: true,
      value: 'hello world',
    });
  });

  it('round-trips the test helper through the SDK AESCipher (fresh random IV each time)', () => {
    const text = JSON.stringify(messageSample());
    const a = encryptFeishu(text, 'k1');
    const b = encryptFeishu(text, 'k1');
    expect(a).not.toBe(b);
    expect(new AESCipher('k1').decrypt(a)).toBe(text);
    expect(decryptFeishuText(b, 'k1')).toEqual({ ok: true, value: text });
  });
});

describe('decryptFeishuPayload', () => {
  it('returns the parsed JSON', () => {
    const sample = messageSample();
    expect(decryptFeishuPayload(encryptFeishu(JSON.stringify(sample), 'k'), 'k')).toEqual({
      ok: true,
      value: sample,
    });
  });

  it('never throws on garbage', () => {
    for (const garbage of ['', 'not base64 at all!!', 'AAAA', Buffer.alloc(40, 7).toString('base64')]) {
      const result = decryptFeishuPayload(garbage, 'k');
      expect(result.ok).toBe(false);
    }
  });

  it('fails on the wrong key', () => {
    const result = decryptFeishuPayload(encryptFeishu(JSON.stringify(messageSample()), 'right'), 'wrong');
    expect(result.ok).toBe(false);
  });

  it('tags decryptable non-JSON as not_json', () => {
    expect(decryptFeishuPayload(encryptFeishu('hello world', 'k'), 'k')).toEqual({
      ok: false,
      reason: 'not_json',
    });
  });
});
