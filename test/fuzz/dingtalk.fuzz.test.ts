// The real DingTalk routes (composeApp/composeChannels with DingTalk configured, the real bot, a real
// SQLite store and the Open API client talking to the loopback fake) under random and mutated requests:
// bodies, headers, signatures, URL tokens, and signed or tokened payloads that mean nothing. Properties:
// never a 5xx, nothing thrown or logged as an error, and the database unchanged unless the request was
// authenticated — which may add its de-duplication row, and may change figures only when authorised.
//
// DingTalk signs a robot message's timestamp, not its body; a card callback is authenticated by the
// secret token of its URL. So a body mutated under valid headers is still an authenticated request:
// for those the property is "a 4xx or at most the claim", as for any well-signed nonsense.

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
import { dingtalkEnv } from '../support/dingtalk-env.ts';
import {
  cardCallback,
  directMessage,
  requestHeaders,
  robotMessageSample,
  signDingtalk,
} from '../support/dingtalk-sign.ts';
import { type FakeDingtalk, startFakeDingtalk } from '../support/fake-dingtalk.ts';
import { changedTables, type Snapshot, snapshot } from '../support/snapshot.ts';

const MESSAGE = '/webhooks/dingtalk';
const CARD = '/webhooks/dingtalk/card';
const TOKEN = 'fuzz-card-callback-token-0123';
const CLERK = 'staff_zhushan_clerk';
const RUNS = 300;

let store: OpenedStore;
let db: TempDb;
let fake: FakeDingtalk;
let app: Hono;
/** A complete, valid 附件2 form of 竹山县 as its card offers it. */
const a2Form: Record<string, string> = {};
const pending: Promise<unknown>[] = [];
const errors: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
// A virtual clock moved two seconds per request: requests are signed with it, and the client's pacing
// (20 calls a second per API) never has to wait long in real time.
let clock = new Date('2023-03-27T02:00:00Z').getTime();
const now = () => new Date(clock);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  ({ store, db } = await demoStore());
  await store.db
    .updateTable('contacts')
    .set({ platform: 'dingtalk', platform_user_id: CLERK })
    .where('mobile', '=', demoMobile('county', '竹山县'))
    .execute();
  // One contact not yet bound, so unknown senders go through the directory lookup.
  await store.db
    .updateTable('contacts')
    .set({ platform: null, platform_user_id: null })
    .where('mobile', '=', demoMobile('lead_unit', '省委宣传部'))
    .execute();
  fake = await startFakeDingtalk({
    mobiles: { [demoMobile('lead_unit', '省委宣传部')]: 'staff_lead_not_fuzzed' },
  });
  const configured = readConfig(dingtalkEnv(fake, TOKEN));
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
      sender: { platform: 'dingtalk', userId: CLERK },
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
  /** Open API calls the request caused. */
  calls: number;
}

/** Posts one request through the whole app and reports status, body, changed tables and API calls. */
async function send(path: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Sent> {
  const before: Snapshot = await snapshot(store);
  const calls = fake.requests.length;
  const response = await app.request(path, { method: 'POST', body, headers });
  const text = await response.text();
  await settle();
  const changed = changedTables(before, await snapshot(store));
  expect(errors.splice(0), `error logged for ${JSON.stringify(text).slice(0, 200)}`).toEqual([]);
  expect(response.status, text).toBeLessThan(500);
  clock += 2000;
  return { status: response.status, body: text, changed, calls: fake.requests.length - calls };
}

/** Refused: nothing stored and nothing sent. */
function expectNothing(sent: Sent): void {
  expect(sent.changed).toEqual([]);
  expect(sent.calls).toBe(0);
}

/** What an accepted request leaves to guard against its repeat: its claim, and the signature it came with. */
// The de-duplication claims, the signatures seen, and wrong 绑定 codes counted per sender (a text of
// "绑定 <code>" from anyone is a guess, counted so that guessing is limited).
const GUARDS = ['processed_events', 'signature_uses', 'attempt_failures'];

/** Nothing but the de-duplication rows of an accepted request. */
function expectOnlyClaimed(sent: Sent): void {
  if (sent.status !== 200) expectNothing(sent);
  else expect(sent.changed.filter((t) => !GUARDS.includes(t))).toEqual([]);
}

const signed = () => requestHeaders(clock, fake.appSecret);
const cardPath = (token = TOKEN) => `${CARD}?token=${encodeURIComponent(token)}`;

let seq = 0;
function uniqueMessage(sender: string) {
  seq += 1;
  return { ...robotMessageSample(), msgId: `msg_fuzz_${seq}`, senderStaffId: sender };
}
function uniqueCallback(sender: string, params: Record<string, unknown> = {}) {
  seq += 1;
  return cardCallback({
    outTrackId: `bf_fuzz_${seq}`,
    userId: sender,
    params: {
      action: JSON.stringify({ op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r: '' }),
      form: { fundsActual: '35.5' },
      ...params,
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// Generators.
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e3',
    '1680000000000.5',
    '99999999999999999999',
    'null',
    'a'.repeat(300),
  ),
  fc.integer().map(String),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const randomHeaders = fc
  .record(
    {
      timestamp: fc.oneof(
        headerValue,
        fc.integer({ min: -7_200_000, max: 7_200_000 }).map((d) => String(clock + d)),
      ),
      sign: fc.oneof(headerValue, fc.base64String({ minLength: 44, maxLength: 44 })),
      'content-type': fc.constantFrom(
        'application/json',
        'text/plain',
        '',
        'application/x-www-form-urlencoded',
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
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom(
    '{}',
    '[]',
    'null',
    JSON.stringify(robotMessageSample()),
    JSON.stringify(directMessage(CLERK, '帮助', 'm')),
    JSON.stringify(uniqueCallback(CLERK)),
    '\ufeff{}',
    '{"a":'.repeat(5000),
  ),
);

function encodable(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** A wrong card-callback token: random, or the right one changed a little. */
const wrongToken = fc
  .oneof(
    anyText,
    fc.constantFrom('', ' ', TOKEN.toUpperCase(), `${TOKEN} `, ` ${TOKEN}`, TOKEN.slice(0, -1), `${TOKEN}x`),
    fc
      .tuple(fc.nat({ max: TOKEN.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([at, c]) => `${TOKEN.slice(0, at)}${c}${TOKEN.slice(at + 1)}`),
  )
  // What can stand in a URL at all (a lone surrogate cannot be percent-encoded).
  .filter((t) => t !== TOKEN && encodable(t));

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
      fc.constantFrom(null, true, 0, -1, 1e308, [], {}, '', '1', '2', 'IM_GROUP'),
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

/** The card callback with its `content` decoded, so mutations reach cardPrivateData too; re-encoded
 *  as DingTalk sends it unless the mutation made it something else. */
function mutateCallback(callback: ReturnType<typeof uniqueCallback>, mutations: readonly Mutation[]): Json {
  const open = { ...callback, content: JSON.parse(callback.content) as Json };
  const mutated = mutate(open, mutations) as Record<string, Json>;
  if (
    mutated &&
    typeof mutated === 'object' &&
    typeof mutated.content === 'object' &&
    mutated.content !== null
  )
    mutated.content = JSON.stringify(mutated.content);
  return mutated;
}

const sender = fc.constantFrom('user123', CLERK, 'staff_unknown');

// ---------------------------------------------------------------------------------------------------
describe('the DingTalk routes under random and mutated requests', () => {
  it('random bodies with random headers: a 4xx, nothing stored, nothing sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(MESSAGE, CARD, `${CARD}/x`),
        randomBody,
        randomHeaders,
        async (path, body, headers) => {
          const sent = await send(path, body, headers);
          expect([400, 401, 413]).toContain(sent.status);
          expectNothing(sent);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('card callbacks with a wrong token, whatever else they carry: 401, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        wrongToken,
        fc.boolean(),
        fc.oneof(
          randomBody,
          sender.map((s) => JSON.stringify(uniqueCallback(s))),
        ),
        fc.boolean(),
        async (token, inPath, body, withSignature) => {
          const path = inPath ? `${CARD}/${encodeURIComponent(token)}` : cardPath(token);
          const headers = withSignature ? signed() : { 'content-type': 'application/json' };
          const sent = await send(path, body, headers);
          // A token with a slash or an empty one does not reach the token route at all.
          expect([401, 404, 413]).toContain(sent.status);
          expectNothing(sent);
        },
      ),
      { numRuns: RUNS },
    );
  });

  type HeaderMutation =
    | { kind: 'drop'; header: 'timestamp' | 'sign' | 'content-type' }
    | { kind: 'timestamp'; value: string }
    | {
        kind: 'sign';
        how: 'flip' | 'truncate' | 'random' | 'lower' | 'pad' | 'other-secret' | 'seconds';
        at: number;
      };
  const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
    fc.record({
      kind: fc.constant('drop' as const),
      header: fc.constantFrom('timestamp', 'sign', 'content-type'),
    }),
    fc.record({
      kind: fc.constant('timestamp' as const),
      value: fc.oneof(
        headerValue,
        fc
          .integer({ min: -10_000_000, max: 10_000_000 })
          .filter((d) => d !== 0)
          .map((d) => String(clock + d)),
        fc.constant(`${clock}.0`),
        fc.constant(` ${clock}`),
        fc.constant(`0${clock}`),
      ),
    }),
    fc.record({
      kind: fc.constant('sign' as const),
      how: fc.constantFrom('flip', 'truncate', 'random', 'lower', 'pad', 'other-secret', 'seconds'),
      at: fc.nat({ max: 43 }),
    }),
  );

  it('a signed robot message with a mutated header: 401 and nothing stored unless the change is harmless', async () => {
    await fc.assert(
      fc.asyncProperty(sender, headerMutation, async (who, m) => {
        const headers: Record<string, string> = { ...signed() };
        // Harmless: what the check normalises or does not read.
        let harmless = false;
        switch (m.kind) {
          case 'drop':
            delete headers[m.header];
            harmless = m.header === 'content-type';
            break;
          case 'timestamp':
            harmless = m.value.trim() === headers.timestamp;
            headers.timestamp = m.value;
            break;
          case 'sign': {
            const sign = headers.sign ?? '';
            const char = sign[m.at] === 'A' ? 'B' : 'A';
            headers.sign = {
              flip: `${sign.slice(0, m.at)}${char}${sign.slice(m.at + 1)}`,
              truncate: sign.slice(0, m.at),
              random: `${'A'.repeat(43)}=`,
              lower: sign.toLowerCase(),
              pad: ` ${sign} `,
              'other-secret': signDingtalk(clock, 'another-secret'),
              seconds: signDingtalk(Math.floor(clock / 1000), fake.appSecret),
            }[m.how];
            harmless = m.how === 'pad' || headers.sign === sign;
            break;
          }
        }
        const sent = await send(MESSAGE, JSON.stringify(uniqueMessage(who)), headers);
        if (harmless) {
          expect(sent.status, sent.body).toBe(200);
          expectOnlyClaimed(sent);
        } else {
          expect(sent.status, `${JSON.stringify(m)} → ${sent.body}`).toBe(401);
          expectNothing(sent);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a signature accepted once, sent again with any other message: 401 replayed, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(sender, sender, anyText, async (first, second, text) => {
        const headers = signed();
        expect((await send(MESSAGE, JSON.stringify(uniqueMessage(first)), headers)).status).toBe(200);
        const replay = { ...uniqueMessage(second), text: { content: text } };
        const sent = await send(MESSAGE, JSON.stringify(replay), headers);
        expect(sent.status, sent.body).toBe(401);
        expect(JSON.parse(sent.body)).toEqual({ error: 'replayed' });
        expectNothing(sent);
      }),
      { numRuns: RUNS / 3 },
    );
  });

  it('mutated official samples, correctly signed or tokened: never a 5xx, at most the claim stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        sender,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (isMessage, who, mutations) => {
          const sent = isMessage
            ? await send(MESSAGE, JSON.stringify(mutate(uniqueMessage(who), mutations)), signed())
            : await send(cardPath(), JSON.stringify(mutateCallback(uniqueCallback(who), mutations)), {
                'content-type': 'application/json',
              });
          expect([200, 400]).toContain(sent.status);
          expectOnlyClaimed(sent);
        },
      ),
      { numRuns: RUNS },
    );
  });

  const garbagePayload: fc.Arbitrary<unknown> = fc.oneof(
    fc.record(
      {
        msgId: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
        msgtype: fc.oneof(fc.constantFrom('text', 'picture', 'richText', ''), anyText),
        conversationType: fc.oneof(fc.constantFrom('1', '2', 1, 2), anyText),
        conversationId: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
        senderStaffId: fc.oneof(fc.constantFrom(CLERK, '', 'user123'), anyText, fc.anything({ maxDepth: 1 })),
        text: fc.oneof(
          fc.record({ content: fc.oneof(chatText, fc.anything({ maxDepth: 1 })) }),
          fc.anything(),
        ),
        isInAtList: fc.anything({ maxDepth: 0 }),
      },
      { requiredKeys: [] },
    ),
    fc.anything({ maxDepth: 3 }).filter((p) => p !== undefined),
  );
  const garbageCallback: fc.Arbitrary<unknown> = fc.record(
    {
      outTrackId: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
      userId: fc.oneof(fc.constantFrom(CLERK, 'user123'), anyText, fc.anything({ maxDepth: 1 })),
      userIdType: fc.oneof(fc.constantFrom(1, '1', 2, '2'), fc.anything({ maxDepth: 0 })),
      spaceType: fc.oneof(fc.constantFrom('IM_ROBOT', 'IM_GROUP', 'im_group'), anyText),
      spaceId: fc.oneof(anyText, fc.anything({ maxDepth: 0 })),
      content: fc.oneof(
        anyText,
        fc.anything({ maxDepth: 3 }),
        fc
          .record({
            actionIds: fc.anything({ maxDepth: 1 }),
            params: fc.oneof(
              fc.dictionary(fc.constantFrom('action', 'form', 'x'), fc.anything({ maxDepth: 2 })),
              fc.anything({ maxDepth: 2 }),
            ),
          })
          .map((cardPrivateData) => JSON.stringify({ cardPrivateData })),
      ),
    },
    { requiredKeys: [] },
  );

  it('authenticated payloads that mean nothing: never a 5xx, at most the claim stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          garbagePayload.map((p) => [MESSAGE, p] as const),
          garbageCallback.map((p) => [CARD, p] as const),
        ),
        async ([path, payload]) => {
          const sent =
            path === MESSAGE
              ? await send(MESSAGE, JSON.stringify(payload), signed())
              : await send(cardPath(), JSON.stringify(payload), { 'content-type': 'application/json' });
          expect([200, 400]).toContain(sent.status);
          expectOnlyClaimed(sent);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('authenticated requests from a registered county clerk with random text and forms: figures only when saved', async () => {
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
        fc.constantFrom(
          'fundsActual',
          'fundsPlanned',
          'trainingActual',
          'reporter',
          'provincialUnit',
          '__action',
        ),
        anyText,
      ),
      fc.oneof(
        formValue,
        fc.array(formValue, { maxLength: 2 }),
        fc.record({ index: fc.nat(), value: formValue }),
        fc.anything({ maxDepth: 1 }),
      ),
      { maxKeys: 6 },
    );
    // The county's own sheet saved with the card's values, a few of them replaced.
    const nearSave = fc
      .tuple(
        fc.constantFrom('', '#省委宣传部'),
        fc.dictionary(fc.constantFrom(...Object.keys(a2Form)), formValue, { maxKeys: 2 }),
      )
      .map(([r, changes]) => ({
        action: { op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r } as unknown,
        form: { ...a2Form, ...changes } as Record<string, unknown>,
      }));
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          chatText.map((text) => ({ text })),
          fc.tuple(action, formValues).map(([a, form]) => ({ action: a, form })),
          nearSave,
        ),
        fc.constantFrom('1', '2'),
        async (input, conversationType) => {
          let sent: Sent;
          if ('text' in input) {
            const message = {
              ...uniqueMessage(CLERK),
              conversationType,
              text: { content: input.text },
            };
            sent = await send(MESSAGE, JSON.stringify(message), signed());
          } else {
            const params = {
              action: typeof input.action === 'string' ? input.action : JSON.stringify(input.action),
              form: input.form,
            };
            sent = await send(cardPath(), JSON.stringify(uniqueCallback(CLERK, params)), {
              'content-type': 'application/json',
            });
          }
          // An action that decodes to nothing is refused as a malformed callback.
          expect([200, 400], sent.body).toContain(sent.status);
          if (sent.status === 400) return expectNothing(sent);
          expect(sent.changed).toContain('processed_events');
          const answer = JSON.parse(sent.body) as { cardData?: { cardParamMap?: Record<string, string> } };
          const success = answer.cardData?.cardParamMap?.toast_tone === 'success';
          const allowed = success ? ['revisions', 'console_inbox'] : [];
          if (success) saved += 1;
          expect(sent.changed.filter((t) => !GUARDS.includes(t) && !allowed.includes(t))).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    // The authorised path is reached: some saves went through the card callback.
    expect(saved).toBeGreaterThan(0);
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
