// The console's JSON API as `npm start` serves it (composeApp in demo mode over a seeded SQLite store)
// under random and mutated requests: bodies, content types, query strings, user ids, actions and forms,
// and, behind HTTP Basic, random credentials. Properties: never a 5xx, nothing logged as an error, a
// refused request changes nothing, and an accepted one changes only what its sender may change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyText, chatText, formValue, hugeText } from '../support/arbitraries.ts';
import { demoUser } from '../support/bot.ts';
import { type ConsoleApp, consoleApp, consoleSession, FEISHU_ENV } from '../support/console-app.ts';
import { changedTables, snapshot } from '../support/snapshot.ts';

const RUNS = 250;
const START = '2023-03-27T10:00:00+08:00';

const USERS = {
  county: demoUser('county', '竹山县'),
  lead: demoUser('lead_unit', '省委宣传部'),
  city: demoUser('city', '十堰市'),
  bureau: demoUser('bureau', '省乡村振兴局'),
} as const;
type Role = keyof typeof USERS;
const ROSTER_TABLES = ['units', 'relations', 'stationed_villages', 'contacts', 'bind_codes'];
const POSTS = ['/console/api/message', '/console/api/action', '/console/api/clock'] as const;

let c: ConsoleApp;
/** The page's session cookie and token, which console.js sends with every POST. */
let session: Record<string, string>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  c = await consoleApp({}, START);
  session = await consoleSession(c.app);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await c?.close();
});

interface Sent {
  status: number;
  body: string;
  changed: string[];
}

async function request(app: ConsoleApp, path: string, init: RequestInit = {}): Promise<Sent> {
  const before = await snapshot(app.store);
  const response = await app.app.request(path, init);
  const body = await response.text();
  const changed = changedTables(before, await snapshot(app.store));
  // The demo clock is the app's: put it back so one request's move does not steer the next.
  app.clock.set(new Date(START));
  expect(response.status, body.slice(0, 300)).toBeLessThan(500);
  return { status: response.status, body, changed };
}

const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  request(c, path, { method: 'POST', body, headers: { ...session, ...headers } });

// ---------------------------------------------------------------------------------------------------
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
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
    '"x"',
    '{"userId":""}',
    `{"userId":"${USERS.county}"}`,
    `{"userId":"${USERS.county}","text":"   "}`,
    `{"userId":"${USERS.county}","action":{}}`,
    `{"userId":"${USERS.county}","action":{"op":"form"},"form":{"a":1}}`,
    '{"at":"2023-02-30T09:00"}',
    '{"reset":false}',
    '\ufeff{}',
    '{"a":'.repeat(5000),
  ),
);
const userId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...Object.values(USERS)) },
  { weight: 1, arbitrary: fc.oneof(anyText, fc.anything({ maxDepth: 0 }), fc.constant(' demo-004 ')) },
);

describe('the console API under random and mutated requests', () => {
  it('random bodies and content types: 200 or a 4xx, and a refused one changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POSTS), randomBody, contentType, async (path, body, type) => {
        const sent = await post(path, body, type ? { 'content-type': type } : {});
        // Anything but JSON is refused before it is read (415): another site could send it.
        expect([200, 400, 413, 415]).toContain(sent.status);
        if (!type.startsWith('application/json')) expect(sent.status).toBe(415);
        if (sent.status !== 200) {
          expect(sent.changed).toEqual([]);
          expect(JSON.parse(sent.body)).toMatchObject({ ok: false, error: expect.any(String) });
        }
        // The clock is in memory; nothing but a message or an action may write.
        if (path === '/console/api/clock') expect(sent.changed).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('bodies over 256 KB are refused with 413 and change nothing', async () => {
    const text = '测'.repeat(100_000);
    const sent = await post('/console/api/message', JSON.stringify({ userId: USERS.county, text }), {
      'content-type': 'application/json',
    });
    expect(sent.status).toBe(413);
    expect(sent.changed).toEqual([]);
  });

  it('chat messages from random senders: unknown senders refused; text never writes figures or the roster', async () => {
    await fc.assert(
      fc.asyncProperty(
        userId,
        chatText,
        fc.dictionary(anyText, fc.anything({ maxDepth: 1 }), { maxKeys: 2 }),
        async (id, text, extra) => {
          const sent = await post('/console/api/message', JSON.stringify({ ...extra, userId: id, text }), {
            'content-type': 'application/json',
          });
          const role = (Object.keys(USERS) as Role[]).find(
            (r) => USERS[r] === (typeof id === 'string' ? id.trim() : id),
          );
          if (!role || typeof text !== 'string' || text.trim() === '' || text.trim().length > 500) {
            // Refused by the schema, or by the body limit first.
            expect([400, 413]).toContain(sent.status);
            expect(sent.changed).toEqual([]);
            return;
          }
          expect(sent.status, sent.body.slice(0, 200)).toBe(200);
          for (const table of ['revisions', 'reminders', 'reminder_messages', ...ROSTER_TABLES])
            expect(sent.changed).not.toContain(table);
          if (role !== 'bureau') {
            expect(sent.changed).not.toContain('period_events');
            expect(sent.changed).not.toContain('sheet_events');
          }
          // A county changes nothing but, for a "绑定 <code>" text, the count of its wrong guesses.
          if (role === 'county') expect(sent.changed.filter((t) => t !== 'attempt_failures')).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('card actions with random actions and forms: figures change only with a success toast', async () => {
    const action = fc.oneof(
      fc.record(
        {
          op: fc.constantFrom('save', 'form', 'open', 'list', 'none', 'pick', 'review', 'say', 'history'),
          l: fc.constantFrom('a2', 'a4', 'm1', 'm3', 'x', ''),
          p: fc.constantFrom('2023Q1', '2023', '2022Q4', '9999Q9'),
          c: fc.constantFrom('county:竹山县', 'county:房县', 'city:十堰市', ''),
          r: fc.constantFrom('', '#省委宣传部'),
          v: fc.constantFrom('1', '2', '0', '-1', 'x'),
          what: fc.constantFrom('confirm', 'return', 'edit', 'delete'),
          text: chatText,
        },
        { requiredKeys: ['op'] },
      ),
      fc.dictionary(anyText, fc.oneof(anyText, fc.anything({ maxDepth: 1 })), { maxKeys: 4 }),
      fc.anything({ maxDepth: 1 }),
    );
    const form = fc.oneof(
      fc.dictionary(
        fc.oneof(
          fc.constantFrom('fundsActual', 'fundsPlanned', 'reason', 'reporter', 'provincialUnit'),
          anyText,
        ),
        formValue,
        { maxKeys: 6 },
      ),
      fc.anything({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(userId, action, form, async (id, act, values) => {
        const sent = await post(
          '/console/api/action',
          JSON.stringify({ userId: id, action: act, form: values }),
          {
            'content-type': 'application/json',
          },
        );
        expect([200, 400, 413]).toContain(sent.status);
        if (sent.status !== 200) {
          expect(sent.changed).toEqual([]);
          return;
        }
        const answer = JSON.parse(sent.body) as { toast: { tone: string } | null };
        for (const table of ['reminders', 'reminder_messages', ...ROSTER_TABLES])
          expect(sent.changed).not.toContain(table);
        if (answer.toast?.tone !== 'success') expect(sent.changed).not.toContain('revisions');
        expect(
          sent.changed.filter(
            (t) =>
              !['revisions', 'sheet_events', 'console_inbox', 'period_events', 'processed_events'].includes(
                t,
              ),
          ),
        ).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('reading: random inbox queries and contact choices change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/console/api/inbox', '/console', '/console/api/contacts', '/console/api/clock'),
        fc.dictionary(
          fc.constantFrom('userId', 'since', 'as', 'x'),
          fc.oneof(
            anyText,
            fc.constantFrom(...Object.values(USERS)),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          ),
          { maxKeys: 3 },
        ),
        async (path, query) => {
          const search = new URLSearchParams(query).toString();
          const sent = await request(c, search ? `${path}?${search}` : path);
          expect([200, 400]).toContain(sent.status);
          expect(sent.changed).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('from another site, or without the page’s token: 403 or 415, and nothing changed', async () => {
    const foreign = fc.oneof(
      fc.record({ 'sec-fetch-site': fc.constantFrom('cross-site', 'same-site', 'none') }),
      fc.record({ origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost.evil.example') }),
      fc.record({
        'sec-fetch-site': fc.constant('same-origin'),
        'x-console-token': fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POSTS), foreign, contentType, async (path, headers, type) => {
        const body = JSON.stringify({ userId: USERS.bureau, text: '封账 2023Q1', at: '2023-03-28T09:00' });
        const forged = {
          cookie: session.Cookie ?? '',
          ...headers,
          ...(type ? { 'content-type': type } : {}),
        };
        const sent = await request(c, path, { method: 'POST', body, headers: forged });
        expect([403, 415]).toContain(sent.status);
        expect(sent.changed).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});

describe('the console behind HTTP Basic under random credentials', () => {
  const PASSWORD = 'fuzz-console-password';
  let guarded: ConsoleApp;
  beforeAll(async () => {
    guarded = await consoleApp({ ...FEISHU_ENV, CONSOLE_ENABLED: 'true', CONSOLE_PASSWORD: PASSWORD }, START);
  });
  afterAll(async () => {
    await guarded?.close();
  });

  // What a header can carry at all (fetch refuses anything else before it is sent).
  const headerText = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
  const credentials = fc.oneof(
    headerText,
    headerText.map((t) => `Basic ${t}`),
    fc
      .tuple(anyText, anyText)
      .map(([user, password]) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`),
    fc.constantFrom(
      '',
      'Basic',
      'Basic ',
      'Basic !!!',
      `Basic ${btoa(`officer:${PASSWORD.toUpperCase()}`)}`,
      `Basic ${btoa(`officer:${PASSWORD} `)}`,
      `Basic ${btoa(`officer:${PASSWORD.slice(0, -1)}`)}`,
      `Basic ${btoa(PASSWORD)}`,
      `Bearer ${PASSWORD}`,
    ),
  );

  it('without the password: 401 and nothing changed, whatever the request', async () => {
    await fc.assert(
      fc.asyncProperty(
        credentials,
        fc.constantFrom(
          '/console/api/message',
          '/console/api/action',
          '/console',
          '/dashboard',
          '/console/api/contacts',
        ),
        async (authorization, path) => {
          const init: RequestInit =
            path.includes('/api/') && path !== '/console/api/contacts'
              ? {
                  method: 'POST',
                  headers: { authorization, 'content-type': 'application/json' },
                  body: JSON.stringify({ userId: USERS.bureau, text: '封账 2023Q1', action: { op: 'form' } }),
                }
              : { headers: { authorization } };
          const sent = await request(guarded, path, init);
          // Past ten wrong passwords from one address it waits (429): only that count is written.
          expect([401, 429]).toContain(sent.status);
          expect(sent.changed.filter((t) => t !== 'attempt_failures')).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('with it, the same request goes through (the control)', async () => {
    // From an address that has not guessed (the property above blocked this one).
    await guarded.store.db.deleteFrom('attempt_failures').execute();
    const authorization = `Basic ${btoa(`officer:${PASSWORD}`)}`;
    const sent = await request(guarded, '/console/api/message', {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        ...(await consoleSession(guarded.app, { authorization })),
      },
      body: JSON.stringify({ userId: USERS.bureau, text: '封账 2023Q1' }),
    });
    expect(sent.status).toBe(200);
    expect(sent.changed).toContain('period_events');
  });
});
