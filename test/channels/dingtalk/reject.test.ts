// Forged, stale and malformed DingTalk requests through the composed app (composeApp with DingTalk
// configured, the real bot, a real SQLite store, the Open API client pointed at the loopback fake): each
// gets a 4xx, changes no table and makes no Open API call. A valid request, as the control, does.
import type { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, composeChannels, type Runtime } from '../../../src/runtime/compose.ts';
import { readConfig } from '../../../src/runtime/config.ts';
import type { OpenedStore } from '../../../src/store/open.ts';
import { demoMobile, demoStore, type TempDb } from '../../support/demo-store.ts';
import { dingtalkEnv } from '../../support/dingtalk-env.ts';
import { cardCallback, directMessage, signDingtalk, signedHeaders } from '../../support/dingtalk-sign.ts';
import { type FakeDingtalk, startFakeDingtalk } from '../../support/fake-dingtalk.ts';
import { changedTables, snapshot } from '../../support/snapshot.ts';

const NOW = new Date('2023-03-27T02:00:00Z');
const HOUR = 3_600_000;
const TOKEN = 'reject-card-callback-token';
const CLERK = 'staff_zhushan_clerk';
const MESSAGE = '/webhooks/dingtalk';
const CARD = '/webhooks/dingtalk/card';

let store: OpenedStore;
let db: TempDb;
let fake: FakeDingtalk;
let app: Hono;
const pending: Promise<unknown>[] = [];

beforeAll(async () => {
  ({ store, db } = await demoStore());
  await store.db
    .updateTable('contacts')
    .set({ platform: 'dingtalk', platform_user_id: CLERK })
    .where('mobile', '=', demoMobile('county', '竹山县'))
    .execute();
  fake = await startFakeDingtalk();
  const configured = readConfig(dingtalkEnv(fake, TOKEN));
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const runtime: Runtime = {
    store,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    defer: (work) => void pending.push(work),
    worker: 'reject',
    version: 'test',
  };
  app = composeApp(configured.config, runtime, composeChannels(configured.config, runtime));
});

afterAll(async () => {
  await fake?.close();
  await store?.close();
  await db?.cleanup();
});

let seq = 0;
const message = () => directMessage(CLERK, '填报 附件2', `msg_reject_${++seq}`);
const save = { op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r: '' };
const callback = (extra: Record<string, unknown> = {}) => ({
  ...cardCallback({
    outTrackId: `bf_track_${++seq}`,
    userId: CLERK,
    params: { action: JSON.stringify(save), form: { fundsActual: '35.5' } },
  }),
  ...extra,
});

interface Attempt {
  path: string;
  body: string;
  headers?: Record<string, string>;
}

/** Posts one request and reports its status and the tables and Open API calls it caused. */
async function attempt({ path, body, headers = {} }: Attempt) {
  const before = await snapshot(store);
  const calls = fake.requests.length;
  const response = await app.request(path, { method: 'POST', body, headers });
  while (pending.length > 0) await Promise.all(pending.splice(0));
  return {
    status: response.status,
    text: await response.text(),
    changed: changedTables(before, await snapshot(store)),
    calls: fake.requests.length - calls,
  };
}

const signed = (at = NOW.getTime(), secret = fake.appSecret) => signedHeaders(at, secret);
const json = { 'content-type': 'application/json' };

describe('the control: valid requests do change things', () => {
  it('a signed robot message is claimed and answered through the Open API', async () => {
    const sent = await attempt({ path: MESSAGE, body: JSON.stringify(message()), headers: signed() });
    expect(sent.status).toBe(200);
    expect(sent.changed).toContain('processed_events');
    expect(sent.calls).toBeGreaterThan(0);
  });

  it('a card callback on the registered token saves the figures it carries', async () => {
    const sent = await attempt({
      path: `${CARD}?token=${TOKEN}`,
      body: JSON.stringify(callback()),
      headers: json,
    });
    expect(sent.status).toBe(200);
    expect(sent.changed).toContain('processed_events');
  });
});

describe('POST /webhooks/dingtalk refuses and changes nothing', () => {
  const body = () => JSON.stringify(message());
  const cases: [string, () => Attempt, number][] = [
    [
      'signed with another secret',
      () => ({ path: MESSAGE, body: body(), headers: signed(NOW.getTime(), 'forged') }),
      401,
    ],
    [
      'a valid sign for another timestamp',
      () => ({
        path: MESSAGE,
        body: body(),
        headers: { ...signed(), timestamp: String(NOW.getTime() + 1) },
      }),
      401,
    ],
    [
      'more than an hour old',
      () => ({ path: MESSAGE, body: body(), headers: signed(NOW.getTime() - HOUR - 1) }),
      401,
    ],
    [
      'more than an hour ahead',
      () => ({ path: MESSAGE, body: body(), headers: signed(NOW.getTime() + HOUR + 1) }),
      401,
    ],
    [
      'signed, but the timestamp in seconds',
      () => {
        const seconds = String(Math.floor(NOW.getTime() / 1000));
        return {
          path: MESSAGE,
          body: body(),
          headers: { ...json, timestamp: seconds, sign: signDingtalk(seconds, fake.appSecret) },
        };
      },
      401,
    ],
    [
      'signed, but the timestamp not a number',
      () => ({
        path: MESSAGE,
        body: body(),
        headers: { ...json, timestamp: 'now', sign: signDingtalk('now', fake.appSecret) },
      }),
      401,
    ],
    ['no headers at all', () => ({ path: MESSAGE, body: body(), headers: json }), 401],
    [
      'no sign',
      () => ({ path: MESSAGE, body: body(), headers: { ...json, timestamp: String(NOW.getTime()) } }),
      401,
    ],
    [
      'no timestamp',
      () => ({ path: MESSAGE, body: body(), headers: { ...json, sign: signed().sign ?? '' } }),
      401,
    ],
    [
      'a sign that is not base64',
      () => ({ path: MESSAGE, body: body(), headers: { ...signed(), sign: '%%%' } }),
      401,
    ],
    ['malformed JSON', () => ({ path: MESSAGE, body: '{"msgId": ', headers: signed() }), 400],
    ['an empty body', () => ({ path: MESSAGE, body: '', headers: signed() }), 400],
    ['JSON that is not a message', () => ({ path: MESSAGE, body: '[1,2]', headers: signed() }), 400],
    [
      'a message without msgId',
      () => {
        const { msgId: _, ...rest } = message();
        return { path: MESSAGE, body: JSON.stringify(rest), headers: signed() };
      },
      400,
    ],
    [
      'an unknown conversation type',
      () => ({
        path: MESSAGE,
        body: JSON.stringify({ ...message(), conversationType: '9' }),
        headers: signed(),
      }),
      400,
    ],
    [
      'a body over 1 MB',
      () => ({ path: MESSAGE, body: 'x'.repeat(1024 * 1024 + 1), headers: signed() }),
      413,
    ],
  ];
  it.each(cases)('%s → %i', async (_name, make, status) => {
    const sent = await attempt(make());
    expect(sent.status, sent.text).toBe(status);
    expect(sent.changed).toEqual([]);
    expect(sent.calls).toBe(0);
  });
});

describe('POST /webhooks/dingtalk/card refuses and changes nothing', () => {
  const ok = `${CARD}?token=${TOKEN}`;
  const body = () => JSON.stringify(callback());
  const cases: [string, () => Attempt, number][] = [
    ['a wrong token', () => ({ path: `${CARD}?token=guess`, body: body(), headers: json }), 401],
    [
      'a token that only starts right',
      () => ({ path: `${CARD}?token=${TOKEN}x`, body: body(), headers: json }),
      401,
    ],
    ['a wrong token in the path', () => ({ path: `${CARD}/guess`, body: body(), headers: json }), 401],
    ['an empty token', () => ({ path: `${CARD}?token=`, body: body(), headers: json }), 401],
    ['no token and no signature', () => ({ path: CARD, body: body(), headers: json }), 401],
    [
      'no token, signed with another secret',
      () => ({ path: CARD, body: body(), headers: signed(NOW.getTime(), 'forged') }),
      401,
    ],
    [
      'no token, signed more than an hour ago',
      () => ({ path: CARD, body: body(), headers: signed(NOW.getTime() - HOUR - 1) }),
      401,
    ],
    [
      'a wrong token, even with a valid signature',
      () => ({ path: `${CARD}?token=guess`, body: body(), headers: signed() }),
      401,
    ],
    ['malformed JSON', () => ({ path: ok, body: '{', headers: json }), 400],
    ['JSON that is not a callback', () => ({ path: ok, body: '"x"', headers: json }), 400],
    [
      'content that is not JSON',
      () => ({ path: ok, body: JSON.stringify(callback({ content: 'nope' })), headers: json }),
      400,
    ],
    [
      'no outTrackId',
      () => ({ path: ok, body: JSON.stringify(callback({ outTrackId: '' })), headers: json }),
      400,
    ],
    [
      'a unionId instead of a staff id',
      () => ({ path: ok, body: JSON.stringify(callback({ userIdType: 2 })), headers: json }),
      400,
    ],
    [
      'no action in the parameters',
      () => ({
        path: ok,
        body: JSON.stringify(
          callback({ content: JSON.stringify({ cardPrivateData: { params: { form: {} } } }) }),
        ),
        headers: json,
      }),
      400,
    ],
    ['a body over 1 MB', () => ({ path: ok, body: 'x'.repeat(1024 * 1024 + 1), headers: json }), 413],
  ];
  it.each(cases)('%s → %i', async (_name, make, status) => {
    const sent = await attempt(make());
    expect(sent.status, sent.text).toBe(status);
    expect(sent.changed).toEqual([]);
    expect(sent.calls).toBe(0);
  });
});
