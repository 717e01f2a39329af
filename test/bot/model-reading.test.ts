// The optional model reading against a loopback OpenAI-compatible server: the real client over real
// HTTP. A valid reading is answered (figures from the store) and marked; an unsure one is asked about;
// prose, broken JSON, a county not in the roster, an unknown intent, a 500 and silence past the
// timeout are each "not understood", quickly, with nothing stored and none of the model's text shown.
// What the request carries is read back: no contact's name, no mobile number, no figure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMessage } from '../../src/bot/chat/read-message.ts';
import type { BotDeps } from '../../src/bot/deps.ts';
import { createModelReading, type ModelReading } from '../../src/bot/model-reading/client.ts';
import { responseText } from '../../src/conversation/reply-text.ts';
import { findContact } from '../../src/domain/roster.ts';
import { createApp } from '../../src/http/app.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { appendRevision } from '../../src/store/revisions-repo.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { consoleBot, demoUser, say } from '../support/bot.ts';
import { demoMobile, revisionCount, storeEachTest } from '../support/demo-store.ts';
import { type FakeModel, startFakeModel } from '../support/fake-model.ts';

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});
let fake: FakeModel;
beforeEach(async () => {
  fake = await startFakeModel();
});
afterEach(async () => {
  await fake.close();
});

const NOW = new Date('2023-07-05T10:00:00+08:00');
// Long enough for a loaded machine to answer in time; a hang still ends within it.
const TIMEOUT_MS = 2000;
const BUREAU = demoUser('bureau', '省乡村振兴局');
const CLERK_NAME = '刘海燕';
const CLERK_MOBILE = demoMobile('county', '郧西县');
// Nothing the rules read; with a contact's name and mobile, which must not reach the model.
const MESSAGE = `${CLERK_NAME} ${CLERK_MOBILE} 问：那个搞钱的事咋样了`;
const FUNDS = 12_345_600; // 元, seeded for 郧西县's 附件2 of 2023Q2

function model(overrides: Partial<Parameters<typeof createModelReading>[0]> = {}): ModelReading {
  return createModelReading({
    baseUrl: fake.url,
    model: 'qwen2.5-14b-instruct',
    apiKey: 'sk-test-secret-key',
    timeoutMs: TIMEOUT_MS,
    concurrency: 2,
    now: () => NOW,
    ...overrides,
  });
}

function bot(reading: ModelReading): BotDeps {
  return { ...consoleBot(store, () => NOW), intentFallback: reading };
}

const answer = (json: object) => fake.answer({ content: JSON.stringify(json) });
const FIGURE = {
  intent: 'figure',
  ledger: 'a2',
  period: '2023Q2',
  county: '郧西县',
  city: null,
  filter: null,
  metric: 'a2.fundsActual',
  measure: 'actual',
  shape: 'total',
  n: null,
  against: null,
  sure: true,
};

beforeEach(async () => {
  const roster = await loadRoster(store);
  const yunxi = roster.units.find((u) => u.name === '郧西县');
  if (!yunxi) throw new Error('no 郧西县');
  await appendRevision(
    store,
    {
      form: 'a2',
      period: '2023Q2',
      countyId: yunxi.id,
      contactId: 'seed',
      unitId: yunxi.id,
      source: 'cli',
      submittedAt: '2023-06-30T02:00:00.000Z',
      header: { reporter: '测试', findings: [] },
      rows: [
        {
          key: '#甲',
          values: { provincialUnit: '甲', county: '郧西县', fundsActual: FUNDS, fundsPlanned: 0 },
        },
      ],
    },
    1,
  );
});

describe('the model reading', () => {
  it('is asked only what the rules do not read', async () => {
    const roster = await loadRoster(store);
    const contact = findContact(roster, demoMobile('bureau', '省乡村振兴局'));
    const unit = roster.units.find((u) => u.id === contact?.unitId);
    if (!unit) throw new Error('no bureau');
    expect(readMessage(roster, unit, MESSAGE, NOW).intent).toBe('unknown');
    answer(FIGURE);
    await say(bot(model()), BUREAU, '二季度省直帮扶资金一共多少');
    expect(fake.requests).toHaveLength(0);
  });

  it('answers a valid reading from the store, marked, and sends only the message, the date and the vocabulary', async () => {
    answer(FIGURE);
    const text = responseText(await say(bot(model()), BUREAU, MESSAGE));
    expect(text.split('\n')[0]).toBe('【2023年第二季度 实际投入帮扶资金（智能理解）】');
    expect(text).toContain('2023年第二季度 · 附件2 省直定点帮扶 · 实际投入帮扶资金 · 郧西县');
    expect(text).toContain('附件2 省直定点帮扶：1234.56万元');
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request?.headers.authorization).toBe('Bearer sk-test-secret-key');
    const body = JSON.parse(request?.body ?? '{}');
    expect(body.model).toBe('qwen2.5-14b-instruct');
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(body.messages[1].content).toBe('＊ ＊ 问：那个搞钱的事咋样了');
    expect(body.messages[0].content).toContain('2023-07-05');
    expect(body.messages[0].content).toContain('郧西县');
    expect(body.messages[0].content).toContain('a2.fundsActual');
    // No contact's name or mobile, no stored figure, anywhere in the request.
    const roster = await loadRoster(store);
    for (const c of roster.contacts) {
      expect(request?.body).not.toContain(c.name.replace(/（.*?）$/, ''));
      if (c.mobile) expect(request?.body).not.toContain(c.mobile);
    }
    expect(request?.body).not.toMatch(/1[3-9]\d{9}/);
    expect(request?.body).not.toContain(String(FUNDS));
    expect(request?.body).not.toContain('1234.56');
  });

  it('asks with the clarify card when the model is not sure, acting on nothing', async () => {
    answer({ ...FIGURE, sure: false });
    const response = await say(bot(model()), BUREAU, MESSAGE);
    const text = responseText(response);
    expect(text.split('\n')[0]).toBe('【您是要：（智能理解）】');
    expect(text).not.toContain('1234.56');
    const reply = response.replies[0];
    const buttons =
      reply?.kind === 'card' ? reply.card.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons : [])) : [];
    expect(buttons.map((b) => b.label)).toEqual(['附件2 2023年第二季度 郧西县 投入帮扶资金一共多少']);
  });

  const BAD: [string, () => void][] = [
    [
      'prose',
      () => fake.answer({ content: '您好！根据我的理解，您想了解郧西县的投入资金，大约是 9999 万元。' }),
    ],
    ['broken JSON', () => fake.answer({ content: '{"intent": "figure", "ledger": "a2", ' })],
    ['a county not in the roster', () => answer({ ...FIGURE, county: '火星县' })],
    ['an intent that does not exist', () => answer({ ...FIGURE, intent: 'transfer_money' })],
    ['a figure that does not exist', () => answer({ ...FIGURE, metric: 'a2.salary' })],
    ['a 500', () => fake.answer({ status: 500 })],
    ['nothing within the timeout', () => fake.answer({ hang: true })],
  ];
  it.each(BAD)(
    'refuses %s quickly: not understood, nothing stored, nothing of it shown',
    async (_name, set) => {
      set();
      const before = await revisionCount(store);
      const started = Date.now();
      const text = responseText(await say(bot(model()), BUREAU, MESSAGE));
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
      expect(text).toContain('没有听懂');
      expect(text).not.toContain('智能理解');
      expect(text).not.toContain('9999');
      expect(text).not.toContain('火星县');
      expect(await revisionCount(store)).toBe(before);
      expect(fake.requests).toHaveLength(1);
    },
  );

  it('opens its breaker after repeated failures, and /health shows it', async () => {
    fake.answer({ status: 500 });
    let at = NOW;
    const reading = model({ now: () => at });
    const deps = bot(reading);
    for (let i = 0; i < 3; i++) await say(deps, BUREAU, MESSAGE);
    expect(fake.requests).toHaveLength(3);
    const app = createApp({
      store,
      now: () => NOW,
      version: 't',
      migrateCommand: 'm',
      modelReading: reading.status,
    });
    const health = (await (await app.request('/health')).json()) as { modelReading: unknown };
    expect(health.modelReading).toMatchObject({
      enabled: true,
      model: 'qwen2.5-14b-instruct',
      breaker: 'open',
      consecutiveFailures: 3,
      lastFailure: 'http_error',
    });
    expect(JSON.stringify(health)).not.toContain('sk-test-secret-key');
    // Open: not asked at all.
    expect(responseText(await say(deps, BUREAU, MESSAGE))).toContain('没有听懂');
    expect(fake.requests).toHaveLength(3);
    // A minute on, one request tries again; it succeeds and the breaker closes.
    at = new Date(NOW.getTime() + 61_000);
    answer(FIGURE);
    expect(responseText(await say(deps, BUREAU, MESSAGE))).toContain('1234.56万元');
    expect(reading.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
  });

  it('asks no more than its concurrency at once; one more is not understood at once', async () => {
    fake.answer({ hang: true });
    const reading = model({ concurrency: 1, timeoutMs: 1500 });
    const context = { today: '2023-07-05', counties: ['郧西县'], cities: ['十堰市'] };
    const first = reading.read('甲', context);
    const started = Date.now();
    expect(await reading.read('乙', context)).toBeNull();
    expect(Date.now() - started).toBeLessThan(200);
    expect(reading.status().inFlight).toBe(1);
    expect(await first).toBeNull();
    expect(reading.status()).toMatchObject({ inFlight: 0, lastFailure: 'timeout' });
  });

  it('reports itself off on /health when not configured', async () => {
    const app = createApp({ store, now: () => NOW, version: 't', migrateCommand: 'm' });
    const health = (await (await app.request('/health')).json()) as { modelReading: unknown };
    expect(health.modelReading).toEqual({ enabled: false });
  });
});
