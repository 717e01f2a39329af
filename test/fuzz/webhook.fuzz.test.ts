// The real Feishu route (composeApp/composeChannels, the real bot, a real SQLite store and the Open API
// client talking to the loopback fake) under random and mutated requests: bodies, headers, signatures,
// encrypt fields, and signed-and-encrypted payloads that mean nothing. Properties: never a 5xx, nothing
// thrown or logged as an error, and the database unchanged unless the request was a valid, signed
// event — which may add its de-duplication row, and may change figures only when authorised.

import { Writable } from 'node:stream';
import fc from 'fast-check';
import type { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/bot/dispatch.ts';
import { composeApp, composeChannels, type Runtime } from '../../src/runtime/compose.ts';
import { readConfig } from '../../src/runtime/config.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { anyText, chatText, formValue, hugeText, numberish } from '../support/arbitraries.ts';
import { consoleBot, inputsOf } from '../support/bot.ts';
import { demoMobile, demoStore, type TempDb } from '../support/demo-store.ts';
import { type FakeFeishu, startFakeFeishu } from '../support/fake-feishu.ts';
import {
  buildSignedRequest,
  cardActionSample,
  encryptFeishu,
  messageSample,
  type SignedRequest,
  signFeishu,
  signRawBody,
} from '../support/feishu-sign.ts';
import { changedTables, type Snapshot, snapshot } from '../support/snapshot.ts';

const ENCRYPT_KEY = 'fuzz-encrypt-key';
const TOKEN = 'fuzz-verification-token';
const PATH = '/webhooks/feishu';
const ZHUSHAN = 'ou_zhushan_clerk';
const RUNS = 400;

let store: OpenedStore;
let db: TempDb;
let fake: FakeFeishu;
let app: Hono;
/** A complete, valid 附件2 form of 竹山县 as its card offers it. */
const a2Form: Record<string, string> = {};
const pending: Promise<unknown>[] = [];
const errors: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
// A virtual clock moved two seconds per request: requests are signed with it, and the client's send
// pacing (5 per second per chat) never has to wait in real time.
let clock = new Date('2023-03-27T02:00:00Z').getTime();
const now = () => new Date(clock);
const seconds = () => Math.floor(clock / 1000);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  ({ store, db } = await demoStore());
  await store.db
    .updateTable('contacts')
    .set({ platform: 'feishu', platform_user_id: ZHUSHAN })
    .where('mobile', '=', demoMobile('county', '竹山县'))
    .execute();
  // One contact not yet bound, so unknown senders go through the directory lookup.
  await store.db
    .updateTable('contacts')
    .set({ platform: null, platform_user_id: null })
    .where('mobile', '=', demoMobile('lead_unit', '省委宣传部'))
    .execute();
  fake = await startFakeFeishu({
    mobiles: { [demoMobile('lead_unit', '省委宣传部')]: 'ou_lead_not_fuzzed' },
  });
  const configured = readConfig({
    FEISHU_APP_ID: 'cli_test_app',
    FEISHU_APP_SECRET: 'test-secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: fake.url,
  });
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      errors.push(chunk.toString('utf8'));
      done();
    },
  });
  const runtime: Runtime = {
    store,
    now,
    logger: pino({ level: 'error' }, sink),
    defer: (work) => void pending.push(work),
    worker: 'fuzz',
    version: 'test',
  };
  app = composeApp(configured.config, runtime, composeChannels(configured.config, runtime));
  const opened = await dispatch(
    {
      kind: 'message',
      id: 'form',
      sender: { platform: 'feishu', userId: ZHUSHAN },
      conversation: { id: 'c', kind: 'direct', mentioned: true },
      text: '填报 附件2',
    },
    consoleBot(store, now),
  );
  const card = opened.replies[0];
  if (card?.kind !== 'card') throw new Error('no 附件2 form for 竹山县');
  for (const input of inputsOf(card.card)) a2Form[input.name] = input.value ?? '1';
  Object.assign(a2Form, {
    trainingActual: '5',
    trainTech: '1',
    trainLeaders: '1',
    trainFarming: '1',
    trainJobs: '1',
    trainOther: '1',
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await fake?.close();
  await store?.close();
  await db?.cleanup();
});

async function settle(): Promise<void> {
  while (pending.length > 0) await Promise.all(pending.splice(0));
}

interface Sent {
  status: number;
  body: string;
  changed: string[];
}

/** Posts one request through the whole app and reports status, body and the tables that changed. */
async function send(body: string | Uint8Array, headers: Record<string, string>): Promise<Sent> {
  const before: Snapshot = await snapshot(store);
  const response = await app.request(PATH, { method: 'POST', body, headers });
  const text = await response.text();
  await settle();
  const changed = changedTables(before, await snapshot(store));
  expect(errors.splice(0), `error logged for ${JSON.stringify(text).slice(0, 200)}`).toEqual([]);
  expect(response.status, text).toBeLessThan(500);
  clock += 2000;
  return { status: response.status, body: text, changed };
}

/** Nothing but the de-duplication row of an accepted request. */
function expectOnlyClaimed(sent: Sent): void {
  if (sent.status !== 200) expect(sent.changed).toEqual([]);
  else expect(sent.changed.filter((t) => t !== 'processed_events')).toEqual([]);
}

const signed = (payload: unknown, encrypt = true): SignedRequest =>
  buildSignedRequest(payload, { encryptKey: ENCRYPT_KEY, timestamp: seconds(), encrypt });

let seq = 0;
function uniqueIds<T extends { header: { event_id: string } }>(sample: T): T {
  seq += 1;
  sample.header.event_id = `evt_fuzz_${seq}`;
  const event = (sample as { event?: { message?: { message_id?: string } } }).event;
  if (event?.message) event.message.message_id = `om_fuzz_${seq}`;
  return sample;
}

// ---------------------------------------------------------------------------------------------------
// Generators.
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '0', '-1', '1e3', '1680000000.5', '99999999999999999999', 'null', 'a'.repeat(300)),
  fc.integer().map(String),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const randomHeaders = fc
  .record(
    {
      'x-lark-request-timestamp': fc.oneof(
        headerValue,
        fc.integer({ min: -400, max: 400 }).map((d) => String(seconds() + d)),
      ),
      'x-lark-request-nonce': headerValue,
      'x-lark-signature': fc.oneof(headerValue, fc.stringMatching(/^[0-9a-f]{64}$/)),
      'content-type': fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        '',
        'multipart/form-data; boundary=x',
      ),
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(headerName, fc.string({ maxLength: 20 }), { maxKeys: 3 })
      .map((extra) => ({ ...extra, ...known })),
  );

const randomBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  anyText,
  hugeText,
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom(
    '{}',
    '[]',
    'null',
    '{"encrypt":""}',
    '{"encrypt":null}',
    '{"type":"url_verification","challenge":"c","token":"wrong"}',
    `{"type":"url_verification","challenge":"c","token":"${TOKEN}"}`,
    `{"type":"url_verification","challenge":{"a":1},"token":"${TOKEN}"}`,
    '{"schema":"2.0","header":{"event_id":"x","event_type":"im.message.receive_v1","token":"wrong"},"event":{}}',
    `{"schema":"2.0","header":{"event_id":"x","event_type":"im.message.receive_v1","token":"${TOKEN}"},"event":{}}`,
    '\ufeff{}',
    '{"a":'.repeat(5000),
  ),
);

type Json = unknown;
type Path = (string | number)[];

function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

function parentOf(root: Json, path: Path): Record<string | number, Json> | undefined {
  let node: Json = root;
  for (const key of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node && typeof node === 'object' ? (node as Record<string | number, Json>) : undefined;
}

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'retype'; at: number; value: Json }
  | { kind: 'nest'; at: number; asArray: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), name: anyText }),
  fc.record({
    kind: fc.constant('retype' as const),
    at: fc.nat(),
    value: fc.oneof(
      fc.anything({ maxDepth: 2 }),
      hugeText,
      anyText,
      numberish,
      fc.constantFrom(null, true, 0, -1, 1e308, [], {}, ''),
    ),
  }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), asArray: fc.boolean() }),
);

function mutate(sample: Json, mutations: readonly Mutation[]): Json {
  const root = structuredClone(sample);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % Math.max(paths.length, 1)];
    if (!path) continue;
    const parent = parentOf(root, path);
    const key = path[path.length - 1];
    if (!parent || key === undefined) continue;
    if (m.kind === 'drop') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
    } else if (m.kind === 'rename') {
      if (!Array.isArray(parent)) {
        parent[m.name] = parent[key];
        if (m.name !== key) delete parent[key];
      }
    } else if (m.kind === 'retype') parent[key] = structuredClone(m.value);
    else parent[key] = m.asArray ? [parent[key]] : { nested: parent[key], garbage: '\u0000' };
  }
  return root;
}

const sample = fc
  .tuple(fc.boolean(), fc.constantFrom('ou_84aad35d084aa403a838cf73ee18467', ZHUSHAN))
  .map(([message, sender]) => {
    if (message) {
      const s = uniqueIds(messageSample({ token: TOKEN }));
      s.event.sender.sender_id.open_id = sender;
      return s as Json;
    }
    const s = uniqueIds(cardActionSample({ token: TOKEN }));
    s.event.operator.open_id = sender;
    return s as Json;
  });

// ---------------------------------------------------------------------------------------------------
describe('the Feishu webhook under random and mutated requests', () => {
  it('random bodies with random headers: a 4xx or a challenge, and nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(randomBody, randomHeaders, async (body, headers) => {
        const sent = await send(body, headers);
        expect([200, 400, 401, 413]).toContain(sent.status);
        if (sent.status === 200) expect(sent.body).toMatch(/^\{"challenge":/);
        expect(sent.changed).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('bodies over the limit are refused with 413 before anything is read', async () => {
    for (const size of [1024 * 1024 + 1, 3 * 1024 * 1024]) {
      const body = JSON.stringify({ encrypt: 'A'.repeat(size) });
      const request = signRawBody(body, { encryptKey: ENCRYPT_KEY, timestamp: seconds() });
      const sent = await send(request.body, request.headers);
      expect(sent.status).toBe(413);
      expect(sent.changed).toEqual([]);
    }
  });

  it('mutated official samples, correctly signed and encrypted: never a 5xx, at most the claim stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        sample,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (original, mutations, encrypt) => {
          const request = signed(mutate(original, mutations), encrypt);
          const sent = await send(request.body, request.headers);
          expect([200, 400, 401]).toContain(sent.status);
          expectOnlyClaimed(sent);
        },
      ),
      { numRuns: RUNS },
    );
  });

  type HeaderMutation =
    | { kind: 'drop'; header: string }
    | { kind: 'timestamp'; value: string }
    | { kind: 'nonce'; value: string }
    | { kind: 'signature'; how: 'flip' | 'truncate' | 'random' | 'upper' | 'pad' | 'other-key'; at: number }
    | { kind: 'content-type'; value: string }
    | { kind: 'body'; at: number; text: string };
  const SIGNED_HEADERS = ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'];
  const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
    fc.record({
      kind: fc.constant('drop' as const),
      header: fc.constantFrom(...SIGNED_HEADERS, 'content-type'),
    }),
    fc.record({
      kind: fc.constant('timestamp' as const),
      value: fc.oneof(
        headerValue,
        fc
          .integer({ min: -100_000, max: 100_000 })
          .filter((d) => d !== 0)
          .map((d) => String(seconds() + d)),
        fc.constant(`${seconds()}.0`),
        fc.constant(` ${seconds()}`),
        fc.constant(`0${seconds()}`),
      ),
    }),
    fc.record({ kind: fc.constant('nonce' as const), value: headerValue }),
    fc.record({
      kind: fc.constant('signature' as const),
      how: fc.constantFrom('flip', 'truncate', 'random', 'upper', 'pad', 'other-key'),
      at: fc.nat({ max: 63 }),
    }),
    fc.record({
      kind: fc.constant('content-type' as const),
      value: fc.constantFrom('text/plain', '', 'application/xml'),
    }),
    fc.record({
      kind: fc.constant('body' as const),
      at: fc.nat(),
      text: fc.oneof(anyText, fc.constantFrom(' ', '\n', '0')),
    }),
  );

  it('a valid request with a mutated header or body: 401 and nothing stored unless the change is harmless', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), headerMutation, async (message, m) => {
        const payload = message
          ? uniqueIds(messageSample({ token: TOKEN }))
          : uniqueIds(cardActionSample({ token: TOKEN }));
        const request = signed(payload);
        const headers = { ...request.headers };
        let body = request.body;
        // Harmless: what Feishu's signature does not cover, or what the check normalises.
        let harmless = false;
        switch (m.kind) {
          case 'drop':
            delete headers[m.header];
            harmless = m.header === 'content-type';
            break;
          case 'timestamp':
            harmless = m.value.trim() === headers['x-lark-request-timestamp'];
            headers['x-lark-request-timestamp'] = m.value;
            break;
          case 'nonce':
            harmless = m.value.trim() === headers['x-lark-request-nonce'];
            headers['x-lark-request-nonce'] = m.value;
            break;
          case 'signature': {
            const sig = headers['x-lark-signature'] ?? '';
            const flipped = `${sig.slice(0, m.at)}${sig[m.at] === '0' ? '1' : '0'}${sig.slice(m.at + 1)}`;
            const other = signFeishu(
              headers['x-lark-request-timestamp'] ?? '',
              headers['x-lark-request-nonce'] ?? '',
              'other',
              body,
            );
            const value = {
              flip: flipped,
              truncate: sig.slice(0, m.at),
              random: 'f'.repeat(64),
              upper: sig.toUpperCase(),
              pad: ` ${sig} `,
              'other-key': other,
            }[m.how];
            harmless = m.how === 'upper' || m.how === 'pad';
            headers['x-lark-signature'] = value;
            break;
          }
          case 'content-type':
            headers['content-type'] = m.value;
            harmless = true;
            break;
          case 'body': {
            const at = m.at % (body.length + 1);
            const changed = `${body.slice(0, at)}${m.text}${body.slice(at)}`;
            harmless = changed === body;
            body = changed;
            break;
          }
        }
        const sent = await send(body, headers);
        if (harmless) {
          expect(sent.status, sent.body).toBe(200);
          expectOnlyClaimed(sent);
        } else {
          expect([400, 401], `${JSON.stringify(m)} → ${sent.status} ${sent.body}`).toContain(sent.status);
          expect(sent.changed).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const encryptField: fc.Arbitrary<unknown> = fc.oneof(
    fc.base64String({ maxLength: 200 }),
    anyText,
    hugeText,
    fc.anything({ maxDepth: 2 }),
    fc.constantFrom('', '====', 'AAAA', 'A'.repeat(16), 'A'.repeat(24), null, 0, [], {}),
    // A real ciphertext, cut or with one byte flipped.
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([at, xor, cut]) => {
      const real = Buffer.from(
        encryptFeishu(JSON.stringify(uniqueIds(messageSample({ token: TOKEN }))), ENCRYPT_KEY),
        'base64',
      );
      const i = at % real.length;
      if (cut) return real.subarray(0, i).toString('base64');
      real[i] = (real[i] ?? 0) ^ xor;
      return real.toString('base64');
    }),
    // Well-encrypted nonsense, or a real event encrypted with another key.
    fc
      .oneof(anyText, fc.json({ maxDepth: 2 }), fc.constantFrom('[]', '1', '"x"', 'null', '{}'))
      .map((plain) => encryptFeishu(plain, ENCRYPT_KEY)),
    fc
      .constant(null)
      .map(() => encryptFeishu(JSON.stringify(messageSample({ token: TOKEN })), 'another-key')),
  );

  it('mutated encrypt fields, signed over the outer body: 4xx, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        encryptField,
        fc.dictionary(
          fc.constantFrom('schema', 'header', 'token', 'type', 'challenge', 'x'),
          fc.jsonValue({ maxDepth: 1 }),
          { maxKeys: 2 },
        ),
        async (encrypt, extra) => {
          const outer = JSON.stringify({ ...extra, encrypt });
          const request = signRawBody(outer, { encryptKey: ENCRYPT_KEY, timestamp: seconds() });
          const sent = await send(request.body, request.headers);
          // A flipped byte may still leave a valid event (CBC flips only part of the plaintext).
          expectOnlyClaimed(sent);
          if (typeof encrypt !== 'string') expect(sent.status).toBe(401);
        },
      ),
      { numRuns: RUNS },
    );
  });

  const garbagePayload: fc.Arbitrary<unknown> = fc.oneof(
    fc.record(
      {
        schema: fc.oneof(fc.constant('2.0'), fc.anything({ maxDepth: 1 })),
        header: fc.record(
          {
            event_id: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
            event_type: fc.oneof(
              fc.constantFrom(
                'im.message.receive_v1',
                'card.action.trigger',
                'im.chat.member.bot.added_v1',
                '',
              ),
              anyText,
            ),
            token: fc.constant(TOKEN),
            create_time: fc.anything({ maxDepth: 1 }),
          },
          { requiredKeys: ['token'] },
        ),
        event: fc.anything({ maxDepth: 3 }),
      },
      { requiredKeys: ['header'] },
    ),
    fc.record({
      type: fc.constant('url_verification'),
      token: fc.constantFrom(TOKEN, 'wrong'),
      challenge: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
    }),
    fc.record({
      uuid: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
      token: fc.constant(TOKEN),
      event: fc.anything({ maxDepth: 2 }),
    }),
    fc.anything({ maxDepth: 3 }).filter((p) => p !== undefined),
  );

  it('signed and encrypted payloads that mean nothing: never a 5xx, at most the claim stored', async () => {
    await fc.assert(
      fc.asyncProperty(garbagePayload, fc.boolean(), async (payload, encrypt) => {
        const request = signed(payload, encrypt);
        const sent = await send(request.body, request.headers);
        expectOnlyClaimed(sent);
        const p = payload as { type?: unknown; token?: unknown; challenge?: unknown };
        if (p && p.type === 'url_verification' && p.token === TOKEN && typeof p.challenge === 'string')
          expect(JSON.parse(sent.body)).toEqual({ challenge: p.challenge });
      }),
      { numRuns: RUNS },
    );
  });

  it('valid events from a registered county clerk with random text and forms: figures only when saved', async () => {
    const action = fc.oneof(
      fc.record({
        op: fc.constantFrom('save', 'form', 'open', 'list', 'none', 'pick', 'review', 'say'),
        l: fc.constantFrom('a2', 'a4', 'm3', 'x'),
        p: fc.constantFrom('2023Q1', '2023', '2022Q4'),
        c: fc.constantFrom('county:竹山县', 'county:房县'),
        r: fc.constantFrom('', '#省委宣传部'),
        v: fc.constantFrom('1', '2'),
        what: fc.constantFrom('confirm', 'edit', 'delete'),
        text: chatText,
      }),
      fc.dictionary(anyText, fc.oneof(anyText, fc.anything({ maxDepth: 1 })), { maxKeys: 4 }),
      fc.oneof(anyText, fc.constant(null)),
    );
    const formValues = fc.dictionary(
      fc.oneof(
        fc.constantFrom('fundsActual', 'fundsPlanned', 'trainingActual', 'reporter', 'provincialUnit', 'row'),
        anyText,
      ),
      fc.oneof(formValue, fc.array(formValue, { maxLength: 2 }), fc.anything({ maxDepth: 1 })),
      { maxKeys: 6 },
    );
    // The county's own sheet saved with the card's values, a few of them replaced.
    const nearSave = fc
      .tuple(
        fc.constantFrom('', '#省委宣传部'),
        fc.dictionary(fc.constantFrom(...Object.keys(a2Form)), formValue, { maxKeys: 2 }),
      )
      .map(([r, changes]) => ({
        value: { op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r } as unknown,
        form: { ...a2Form, ...changes } as Record<string, unknown>,
      }));
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          chatText.map((text) => ({ text })),
          fc.tuple(action, formValues).map(([value, form]) => ({ value, form })),
          nearSave,
        ),
        fc.constantFrom('p2p', 'group'),
        async (input, chatType) => {
          let payload: unknown;
          if ('text' in input) {
            const s = uniqueIds(messageSample({ token: TOKEN }));
            s.event.sender.sender_id.open_id = ZHUSHAN;
            s.event.message.chat_type = chatType;
            s.event.message.content = JSON.stringify({ text: input.text });
            payload = s;
          } else {
            const s = uniqueIds(cardActionSample({ token: TOKEN }));
            s.event.operator.open_id = ZHUSHAN;
            payload = {
              ...s,
              event: {
                ...s.event,
                action: { ...s.event.action, value: input.value, form_value: input.form },
              },
            };
          }
          const request = signed(payload);
          const sent = await send(request.body, request.headers);
          expect(sent.status, sent.body).toBe(200);
          expect(sent.changed).toContain('processed_events');
          const answer = JSON.parse(sent.body) as { toast?: { type?: string } };
          const allowed = answer.toast?.type === 'success' ? ['revisions', 'console_inbox'] : [];
          if (allowed.length > 0) saved += 1;
          // Besides the claim, only a "绑定 <code>" text's count of wrong guesses.
          const guards = ['processed_events', 'attempt_failures'];
          expect(sent.changed.filter((t) => !guards.includes(t) && !allowed.includes(t))).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    // The authorised path is reached: some saves went through the webhook.
    expect(saved).toBeGreaterThan(0);
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
