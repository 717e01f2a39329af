import { describe, expect, it } from 'vitest';
import { verifyCardCallback, verifyDingtalkRequest } from '../../../src/channels/dingtalk/verify.ts';
import { signDingtalk, signedHeaders } from '../../support/dingtalk-sign.ts';

const appSecret = 'this-is-the-app-secret';
const now = new Date('2026-03-02T01:00:00Z');
const t = now.getTime();

describe('verifyDingtalkRequest', () => {
  it('accepts the signature DingTalk computes, with header names in any case', () => {
    expect(verifyDingtalkRequest({ headers: signedHeaders(t, appSecret), appSecret, now })).toEqual({
      ok: true,
    });
    const headers = new Headers({ Timestamp: String(t), Sign: signDingtalk(t, appSecret) });
    expect(verifyDingtalkRequest({ headers, appSecret, now })).toEqual({ ok: true });
  });

  it('accepts a timestamp just inside one hour either way', () => {
    for (const ts of [t - 3_600_000, t + 3_600_000]) {
      expect(verifyDingtalkRequest({ headers: signedHeaders(ts, appSecret), appSecret, now }).ok).toBe(true);
    }
  });

  it('rejects a forged signature', () => {
    const forged = signedHeaders(t, 'not-the-secret');
    expect(verifyDingtalkRequest({ headers: forged, appSecret, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const replayed = { ...signedHeaders(t, appSecret), timestamp: String(t + 1) };
    expect(verifyDingtalkRequest({ headers: replayed, appSecret, now }).ok).toBe(false);
  });

  it('rejects a correctly signed request older or newer than one hour', () => {
    for (const ts of [t - 3_600_001, t + 3_600_001, t - 86_400_000]) {
      expect(verifyDingtalkRequest({ headers: signedHeaders(ts, appSecret), appSecret, now })).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
  });

  it('rejects missing headers and a signed non-numeric timestamp', () => {
    expect(verifyDingtalkRequest({ headers: {}, appSecret, now })).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyDingtalkRequest({ headers: { timestamp: String(t) }, appSecret, now }).ok).toBe(false);
    expect(verifyDingtalkRequest({ headers: { sign: signDingtalk(t, appSecret) }, appSecret, now }).ok).toBe(
      false,
    );
    const odd = { timestamp: '1e12', sign: signDingtalk('1e12', appSecret) };
    expect(verifyDingtalkRequest({ headers: odd, appSecret, now })).toEqual({ ok: false, reason: 'stale' });
  });

  it('never accepts anything without an app secret', () => {
    expect(verifyDingtalkRequest({ headers: signedHeaders(t, ''), appSecret: '', now }).ok).toBe(false);
  });
});

describe('verifyCardCallback', () => {
  const base = { appSecret, now, callbackToken: 'url-token-123' };
  it('accepts the registered URL token; robot-style signed headers only when no token is configured', () => {
    expect(verifyCardCallback({ ...base, headers: {}, urlToken: 'url-token-123' }).ok).toBe(true);
    const signed = signedHeaders(t, appSecret);
    expect(verifyCardCallback({ ...base, headers: signed, urlToken: undefined })).toEqual({
      ok: false,
      reason: 'unsigned',
    });
    expect(verifyCardCallback({ ...base, headers: signed, urlToken: 'guess' }).ok).toBe(false);
    expect(
      verifyCardCallback({ ...base, callbackToken: undefined, headers: signed, urlToken: undefined }).ok,
    ).toBe(true);
    const stale = signedHeaders(t - 3_600_001, appSecret);
    expect(
      verifyCardCallback({ ...base, callbackToken: undefined, headers: stale, urlToken: undefined }),
    ).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects a wrong token, no token, and a token when none is configured', () => {
    expect(verifyCardCallback({ ...base, headers: {}, urlToken: 'guess' })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyCardCallback({ ...base, headers: {}, urlToken: undefined }).ok).toBe(false);
    expect(
      verifyCardCallback({ ...base, callbackToken: undefined, headers: {}, urlToken: 'url-token-123' }).ok,
    ).toBe(false);
    expect(verifyCardCallback({ ...base, callbackToken: '', headers: {}, urlToken: '' }).ok).toBe(false);
  });
});
