import { describe, expect, it } from 'vitest';
import { checkToken, verifyFeishuRequest } from '../../../src/channels/feishu/verify.ts';
import {
  buildSignedRequest,
  cardActionSample,
  messageSample,
  SAMPLE_VERIFICATION_TOKEN,
} from '../../support/feishu-sign.ts';

const encryptKey = 'kudryavka-encrypt-key';
const now = new Date('2026-03-02T01:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);

function signed(timestamp = nowSeconds) {
  return buildSignedRequest(messageSample(), { encryptKey, timestamp });
}

describe('verifyFeishuRequest', () => {
  it('accepts a correctly signed request over the raw body', () => {
    const { body, headers } = signed();
    expect(verifyFeishuRequest({ rawBody: body, headers, encryptKey, now })).toEqual({ ok: true });
  });

  it('reads headers case-insensitively from a Headers object too', () => {
    const { body, headers } = signed();
    const upper = new Headers(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyFeishuRequest({ rawBody: body, headers: upper, encryptKey, now })).toEqual({ ok: true });
  });

  it('rejects a forged signature and a tampered body', () => {
    const { body, headers } = signed();
    const forged = { ...headers, 'x-lark-signature': 'a'.repeat(64) };
    expect(verifyFeishuRequest({ rawBody: body, headers: forged, encryptKey, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyFeishuRequest({ rawBody: `${body} `, headers, encryptKey, now })).toMatchObject({
      reason: 'bad_signature',
    });
    expect(verifyFeishuRequest({ rawBody: body, headers, encryptKey: 'another key', now })).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('rejects a re-serialised body: the signature covers the bytes Feishu sent', () => {
    const { headers } = signed();
    const { body } = signed();
    const reserialised = JSON.stringify(JSON.parse(body), null, 1);
    expect(verifyFeishuRequest({ rawBody: reserialised, headers, encryptKey, now })).toMatchObject({
      ok: false,
    });
  });

  it.each(['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'])('requires %s', (name) => {
    const { body, headers } = signed();
    const missing = Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
    expect(verifyFeishuRequest({ rawBody: body, headers: missing, encryptKey, now })).toEqual({
      ok: false,
      reason: 'unsigned',
    });
  });

  it('rejects timestamps more than five minutes away, either side', () => {
    for (const skew of [-301, 301]) {
      const { body, headers } = signed(nowSeconds + skew);
      expect(verifyFeishuRequest({ rawBody: body, headers, encryptKey, now })).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
    for (const skew of [-300, 300]) {
      const { body, headers } = signed(nowSeconds + skew);
      expect(verifyFeishuRequest({ rawBody: body, headers, encryptKey, now })).toEqual({ ok: true });
    }
  });

  it('rejects a replay: a genuine request captured an hour ago', () => {
    const captured = signed(nowSeconds - 3600);
    const later = new Date(now.getTime());
    expect(
      verifyFeishuRequest({ rawBody: captured.body, headers: captured.headers, encryptKey, now: later }),
    ).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('honours a custom skew window', () => {
    const { body, headers } = signed(nowSeconds - 90);
    expect(
      verifyFeishuRequest({ rawBody: body, headers, encryptKey, now, maxSkewSeconds: 60 }),
    ).toMatchObject({
      reason: 'stale',
    });
  });

  it('checks nothing when no encrypt key is configured (Feishu signs nothing then)', () => {
    expect(verifyFeishuRequest({ rawBody: '{}', headers: {}, now })).toEqual({ ok: true });
  });
});

describe('checkToken', () => {
  it('reads header.token on schema 2.0 payloads', () => {
    expect(checkToken(messageSample(), SAMPLE_VERIFICATION_TOKEN)).toBe(true);
    expect(checkToken(cardActionSample({ token: 'tok' }), 'tok')).toBe(true);
    expect(checkToken(messageSample(), 'wrong')).toBe(false);
  });

  it('reads the top-level token on url_verification and v1 events', () => {
    expect(checkToken({ type: 'url_verification', challenge: 'c', token: 'tok' }, 'tok')).toBe(true);
    expect(checkToken({ uuid: 'u', token: 'tok', event: { type: 'message' } }, 'tok')).toBe(true);
    expect(checkToken({ type: 'url_verification', challenge: 'c', token: 'nope' }, 'tok')).toBe(false);
  });

  it('fails closed on missing tokens, non-objects and an empty expected token', () => {
    expect(checkToken({ type: 'url_verification' }, 'tok')).toBe(false);
    expect(checkToken(null, 'tok')).toBe(false);
    expect(checkToken('tok', 'tok')).toBe(false);
    expect(checkToken({ token: '' }, '')).toBe(false);
  });
});
