import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitSheet } from '../../../src/app/submit.ts';
import type { BotResponse, Card } from '../../../src/conversation/model.ts';
import { demoUser } from '../../support/bot.ts';
import { type ConsoleApp, consoleApp, postJson } from '../../support/console-app.ts';
import { demoMobile, root } from '../../support/demo-store.ts';

let c: ConsoleApp;
beforeEach(async () => {
  c = await consoleApp();
});
afterEach(async () => {
  await c.close();
});

const ZHUSHAN = () => demoUser('county', '竹山县');
const LEAD = () => demoUser('lead_unit', '省委宣传部');

interface Answer {
  ok: boolean;
  toast: { tone: string; text: string } | null;
  update: { html: string } | null;
  messages: { html: string }[];
  response: BotResponse;
  error?: string;
}

async function message(userId: string, text: string): Promise<Answer> {
  const response = await postJson(c.app, '/console/api/message', { userId, text });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

function firstCard(answer: Answer): Card {
  const reply = answer.response.replies[0];
  if (reply?.kind !== 'card') throw new Error('expected a card');
  return reply.card;
}

/** Consistent 附件2 figures for every input of the form card. */
function a2Values(card: Card): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of card.blocks)
    if (block.kind === 'form')
      for (const input of block.sections.flatMap((s) => s.inputs)) values[input.name] = input.value ?? '1';
  const training = {
    trainingActual: '15',
    trainTech: '3',
    trainLeaders: '3',
    trainFarming: '3',
    trainJobs: '3',
  };
  return { ...values, ...training, trainOther: '3', fundsActual: '12.5' };
}

function submitAction(card: Card): Record<string, string> {
  const form = card.blocks.find((b) => b.kind === 'form');
  const button = form?.kind === 'form' ? form.buttons.find((b) => b.submit) : undefined;
  if (!button) throw new Error('no submit button');
  return button.action;
}

describe('the console page', () => {
  it('lists the demo contacts grouped by unit kind, with unit names, and the demo clock', async () => {
    const response = await c.app.request('/console?as=demo-004');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('<optgroup label="重点帮扶县">');
    expect(page).toContain('<optgroup label="省直牵头单位">');
    expect(page).toMatch(/<option value="demo-004"[^>]* selected>竹山县 · /);
    expect(page).toContain('2023-03-27 10:00');
    expect(page).toContain('id="clock-form"');
    expect(page).not.toMatch(/<script>/);
  });

  it('serves chart.js, the scripts and the stylesheet from memory', async () => {
    const chart = await c.app.request('/console/assets/chart.umd.js');
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toContain('javascript');
    expect(await chart.text()).toContain('Chart.js v4');
    expect((await c.app.request('/console/assets/app.css')).status).toBe(200);
    expect((await c.app.request('/console/assets/nope.js')).status).toBe(404);
  });
});

describe('the console API goes through the one dispatch', () => {
  it('opens the 附件2 form as HTML inputs, saves it by card action, and replaces the card', async () => {
    const opened = await message(ZHUSHAN(), '填报 附件2');
    const html = opened.messages[0]?.html ?? '';
    expect(html).toContain('<form class="card-form"');
    // No HTML `required`: the browser would stop the form with its own bubble before the bot could answer.
    expect(html).toMatch(/<input type="text" id="[^"]+" name="fundsActual" aria-required="true"/);
    expect(html).not.toMatch(/ required[ >]/);
    expect(html).toContain('value="省委宣传部"');
    const card = firstCard(opened);

    const saved = await postJson(c.app, '/console/api/action', {
      userId: ZHUSHAN(),
      action: submitAction(card),
      form: a2Values(card),
    });
    expect(saved.status).toBe(200);
    const answer = (await saved.json()) as Answer;
    expect(answer.toast).toEqual({
      tone: 'success',
      text: '已保存（第1版），等待省委宣传部（省直牵头单位）确认',
    });
    expect(answer.update?.html).toContain('已保存：2023Q1 省直单位定点帮扶工作情况台账');
    expect(answer.update?.html).toContain('12.50万元');

    const list = await message(LEAD(), '谁还没报 附件2');
    expect(list.messages[0]?.html).toContain('已全部报送');
  });

  it('escapes what a user wrote when the bot repeats it', async () => {
    const answer = await message(ZHUSHAN(), '<img src=x onerror=alert(1)>');
    const html = answer.messages.map((m) => m.html).join('');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('delivers a nudge to the county’s mailbox, read by polling', async () => {
    await message(LEAD(), '催报 竹山县 附件2');
    const response = await c.app.request(`/console/api/inbox?userId=${ZHUSHAN()}&since=`);
    expect(response.status).toBe(200);
    const inbox = (await response.json()) as { messages: { key: string; html: string; at: string }[] };
    expect(inbox.messages.length).toBeGreaterThan(0);
    expect(inbox.messages[0]?.at).toMatch(/^2023-03-27 10:0\d$/);
    const since = (await (await c.app.request(`/console/api/inbox?userId=${ZHUSHAN()}`)).json()) as {
      messages: { createdAt: string }[];
    };
    const last = since.messages.at(-1)?.createdAt ?? '';
    const later = await c.app.request(
      `/console/api/inbox?userId=${ZHUSHAN()}&since=${encodeURIComponent(last)}`,
    );
    expect(((await later.json()) as { messages: unknown[] }).messages.length).toBeLessThanOrEqual(1);
  });

  it('answers bad input with a 400 and a Chinese message, never a 500', async () => {
    const cases: [string, unknown][] = [
      ['/console/api/message', '{not json'],
      ['/console/api/message', { text: '帮助' }],
      ['/console/api/message', { userId: ZHUSHAN(), text: '' }],
      ['/console/api/message', { userId: ZHUSHAN(), text: 'x'.repeat(501) }],
      ['/console/api/message', { userId: 'demo-999', text: '帮助' }],
      ['/console/api/action', { userId: ZHUSHAN(), action: 'save' }],
      ['/console/api/action', { userId: ZHUSHAN(), action: {} }],
      ['/console/api/action', { userId: ZHUSHAN(), action: { op: 'save' }, form: { a: 1 } }],
      ['/console/api/clock', { at: '2023-02-30T09:30' }],
      ['/console/api/clock', { at: 'tomorrow' }],
    ];
    for (const [path, body] of cases) {
      const response = await postJson(c.app, path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const answer = (await response.json()) as { ok: boolean; error: string };
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await c.app.request('/console/api/inbox?userId=demo-004&since=yesterday')).status).toBe(400);
    expect((await c.app.request('/console/api/inbox')).status).toBe(400);
  });

  it('a card action the bot does not know is a toast, not an error', async () => {
    const response = await postJson(c.app, '/console/api/action', {
      userId: ZHUSHAN(),
      action: { op: 'zzz' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Answer).toast?.tone).toBe('danger');
  });
});

describe('the sweep button', () => {
  const A2 = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as unknown;
  const fileA2 = async (county: string) =>
    expect(
      (
        await submitSheet(
          c.store,
          { as: demoMobile('county', county), ledger: 'a2', period: '2023Q1', body: A2 },
          'card',
          c.clock.now(),
        )
      ).kind,
    ).toBe('saved');
  const sweep = async () =>
    (await (await postJson(c.app, '/console/api/sweep', {})).json()) as {
      result: { enqueued: number; skipped: number };
      toast: string;
    };

  it('counts the reminders left out because their sheets were reported, however early', async () => {
    await postJson(c.app, '/console/api/clock', { at: '2023-03-24T09:30' });
    // Two counties file 附件2 before the day's first sweep: their 7-day reminders of it never go out.
    await fileA2('竹山县');
    await fileA2('郧阳区');
    const first = await sweep();
    expect(first.result.enqueued).toBeGreaterThan(0);
    expect(first.result.skipped).toBe(2);
    expect(first.toast).toContain('今天因已报送而不再提醒 2 条');
    // A third county files after its card carried the reminder: that one went out, it was not skipped.
    await fileA2('房县');
    const again = await sweep();
    expect(again.result).toMatchObject({ enqueued: 0, skipped: 2 });
  });
});

describe('the demo clock', () => {
  it('moves now for the bot and sends the reminders of 2023-03-24 at that time', async () => {
    const moved = await postJson(c.app, '/console/api/clock', { at: '2023-03-24T09:30' });
    expect(moved.status).toBe(200);
    // The demo clock keeps running from the moment it is set to, so allow the milliseconds since.
    const body = (await moved.json()) as { now: string; moved: boolean };
    expect(body.moved).toBe(true);
    const drift = Date.parse(body.now) - Date.parse('2023-03-24T01:30:00.000Z');
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(5_000);
    const progress = await message(ZHUSHAN(), '进度');
    expect(JSON.stringify(progress.response)).toContain('2023-03-24');

    const swept = await postJson(c.app, '/console/api/sweep', {});
    const result = (await swept.json()) as { result: { sent: number }; toast: string };
    expect(result.result.sent).toBeGreaterThan(0);
    expect(result.toast).toContain('提醒已运行');
    const inbox = await c.app.request(`/console/api/inbox?userId=${ZHUSHAN()}`);
    const html = ((await inbox.json()) as { messages: { html: string }[] }).messages
      .map((m) => m.html)
      .join('');
    expect(html).toContain('报送提醒');
    expect(html).toContain('还有7天');

    const reset = await postJson(c.app, '/console/api/clock', { reset: true });
    expect(((await reset.json()) as { moved: boolean }).moved).toBe(false);
  });
});
