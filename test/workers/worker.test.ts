// The Worker as wrangler.toml deploys it (the default export, with the bindings and secrets the
// config gives it), inside workerd over a real local D1: a signed, encrypted Feishu message gets its
// reply through the loopback Open API, a card form lands in the revisions table, and a Cron Trigger
// fired twice sends the due reminders once.
import { env, exports } from 'cloudflare:workers';
import { beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createWorker } from '../../src/runtime/worker-handler.ts';
import { openD1 } from '../../src/store/d1.ts';
import { claimEvent } from '../../src/store/events-repo.ts';
import { deliveries } from '../../src/store/outbox-repo.ts';
import { bumpRosterVersion } from '../../src/store/roster-repo.ts';
import { resetD1 } from '../cases/harness/workerd-app.ts';
import { contactOf, type UnitRef } from '../cases/harness.ts';
import { type FeishuButtonHandle, type FeishuSentState, feishuSent } from '../cases/views/feishu.ts';
import { INSPECT_PATH, MESSAGES_PATH } from '../support/fake-feishu.ts';
import { buildSignedRequest, cardActionSample, messageSample } from '../support/feishu-sign.ts';

const fake = inject('feishu');
const store = openD1(env.DB);
// The worker's default export as wrangler.toml deploys it, with the bindings of vitest.workers.config.ts,
// called through its loopback binding. Typed here: these Workers types know `exports` only from
// generated project types (`wrangler types`), and leave `scheduled` out of service bindings.
const worker = (
  exports as unknown as {
    default: {
      fetch(url: string, init?: RequestInit): Promise<Response>;
      scheduled(options: { scheduledTime: Date; cron: string }): Promise<unknown>;
    };
  }
).default;

const sent = async () => (await (await fetch(`${fake.url}${INSPECT_PATH}`)).json()) as FeishuSentState;

/** Polls the fake until `ready` holds: the worker replies after its acknowledgement (ctx.waitUntil). */
async function eventually<T>(read: () => Promise<T>, ready: (value: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Binds a unit's first contact to a Feishu account, as the bureau's roster import would. */
async function bind(unit: UnitRef, openId: string): Promise<void> {
  const contact = await contactOf(store, unit);
  await store.batch([
    store.db
      .updateTable('contacts')
      .set({ platform: 'feishu', platform_user_id: openId })
      .where('id', '=', contact.id),
    bumpRosterVersion(store),
  ]);
}

let seq = 0;
function signed(payload: unknown, encryptKey = env.FEISHU_ENCRYPT_KEY): RequestInit {
  const request = buildSignedRequest(payload, { encryptKey, timestamp: Math.floor(Date.now() / 1000) });
  return { method: 'POST', headers: request.headers, body: request.body };
}
function message(openId: string, chatId: string, text: string) {
  seq += 1;
  const sample = messageSample({
    token: env.FEISHU_VERIFICATION_TOKEN,
    eventId: `evt_w${seq}_${Date.now()}`,
    messageId: `om_w${seq}_${Date.now()}`,
  });
  sample.event.sender.sender_id.open_id = openId;
  sample.event.message.chat_type = 'p2p';
  sample.event.message.chat_id = chatId;
  sample.event.message.content = JSON.stringify({ text });
  sample.event.message.mentions = [];
  return sample;
}

beforeEach(async () => {
  await resetD1(store);
});

describe('the Worker entry in workerd', () => {
  it('answers a signed, encrypted Feishu message through the loopback Open API, after acknowledging it', async () => {
    await bind({ kind: 'county', name: '竹山县' }, 'ou_w_help');
    const response = await worker.fetch(
      'https://bot.example/webhooks/feishu',
      signed(message('ou_w_help', 'oc_w_help', '帮助')),
    );
    expect(response.status).toBe(200);
    const replies = await eventually(
      async () => feishuSent(await sent(), { chatIds: ['oc_w_help'] }),
      (r) => r.length > 0,
    );
    expect(replies).toHaveLength(1);
    expect(`${replies[0]?.title}\n${replies[0]?.text}`).toContain('竹山县');
  });

  it('hands the reply to ctx.waitUntil, so it outlives the acknowledgement', async () => {
    await bind({ kind: 'county', name: '竹山县' }, 'ou_w_defer');
    const deferred: Promise<unknown>[] = [];
    const request = new Request(
      'https://bot.example/webhooks/feishu',
      signed(message('ou_w_defer', 'oc_w_defer', '帮助')),
    );
    const response = await createWorker().fetch(request, env, {
      waitUntil: (work) => void deferred.push(work),
    });
    expect(response.status).toBe(200);
    expect(deferred.length).toBeGreaterThan(0);
    while (deferred.length > 0) await Promise.all(deferred.splice(0));
    expect(feishuSent(await sent(), { chatIds: ['oc_w_defer'] })).toHaveLength(1);
  });

  it('refuses a message signed with another key and sends nothing', async () => {
    const response = await worker.fetch(
      'https://bot.example/webhooks/feishu',
      signed(message('ou_w_forged', 'oc_w_forged', '帮助'), 'not-the-encrypt-key'),
    );
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feishuSent(await sent(), { chatIds: ['oc_w_forged'] })).toEqual([]);
  });

  it('stores a card form submission as a revision in D1', async () => {
    await bind({ kind: 'county', name: '竹山县' }, 'ou_w_form');
    await worker.fetch(
      'https://bot.example/webhooks/feishu',
      signed(message('ou_w_form', 'oc_w_form', '填报 附件2')),
    );
    const shown = await eventually(
      async () => feishuSent(await sent(), { chatIds: ['oc_w_form'] }),
      (r) => r.some((s) => s.kind === 'card'),
    );
    const form = shown.filter((s) => s.kind === 'card').at(-1);
    const submit = form?.buttons.find((b) => b.submitsForm);
    if (!form || !submit) throw new Error(`no form with a submit button: ${JSON.stringify(shown)}`);
    const values = Object.fromEntries(form.inputs.map((i) => [i.name, i.value === '' ? '0' : i.value]));
    seq += 1;
    const press = cardActionSample({
      token: env.FEISHU_VERIFICATION_TOKEN,
      eventId: `evt_wcard_${Date.now()}`,
    });
    press.event.operator.open_id = 'ou_w_form';
    const payload = {
      ...press,
      event: {
        ...press.event,
        action: {
          ...press.event.action,
          value: (submit.handle as FeishuButtonHandle).value,
          form_value: { ...values, fundsPlanned: '120', fundsActual: '35.5' },
        },
      },
    };
    const answer = await worker.fetch('https://bot.example/webhooks/feishu', signed(payload));
    expect(answer.status).toBe(200);
    expect(JSON.stringify(await answer.json())).toContain('已保存（第1版）');
    const rows = await store.db
      .selectFrom('revisions')
      .select(['form', 'revision', 'county_id'])
      .where('county_id', '=', 'county:竹山县')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.form === 'a2' && r.revision === 1)).toBe(true);
  });

  it('sends the due reminders once when the Cron Trigger fires twice', async () => {
    const counties = ['竹山县', '房县', '郧西县'];
    for (const [i, name] of counties.entries()) await bind({ kind: 'county', name }, `ou_w_remind_${i}`);
    const openIds = counties.map((_, i) => `ou_w_remind_${i}`);
    const at = new Date('2023-03-24T09:05:00+08:00');
    // The same trigger delivered twice (Cron Triggers are at-least-once), then the next one.
    await worker.scheduled({ scheduledTime: at, cron: '*/5 * * * *' });
    await worker.scheduled({ scheduledTime: at, cron: '*/5 * * * *' });
    await worker.scheduled({ scheduledTime: new Date(at.getTime() + 5 * 60_000), cron: '*/5 * * * *' });
    const reminders = feishuSent(await sent(), { openIds });
    // One card to each county, with what it owes.
    expect(reminders.map((r) => r.title)).toEqual(['报送提醒', '报送提醒', '报送提醒']);
    // Sent once, not merely de-duplicated by the Open API's uuid: one send request per county.
    const sends = ((await sent()).requests as { path: string; body: unknown }[]).filter(
      (r) => r.path === MESSAGES_PATH && openIds.includes((r.body as { receive_id: string }).receive_id),
    );
    expect(sends).toHaveLength(counties.length);
    expect(reminders[0]?.text).toContain('附件2 省直单位定点帮扶工作情况台账（2023年第一季度）');
    const rows = await store.db.selectFrom('reminder_messages').select(['state']).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    // 提醒记录 on D1: each of 竹山县's reminders went to its bound contact, read from what the card carried.
    const shown = await deliveries(store, { countyIds: ['county:竹山县'], limit: 30 });
    const county = shown.filter((d) => d.unit_id === 'county:竹山县');
    expect(county.length).toBeGreaterThan(1);
    expect(county.every((d) => d.state === 'sent')).toBe(true);
  });

  it('answers on the five-minute trigger a chat message taken in and left unanswered, then no more', async () => {
    await bind({ kind: 'county', name: '竹山县' }, 'ou_w_left');
    const at = new Date('2023-03-24T09:05:00+08:00');
    // Claimed and kept as a request does, then left: its isolate went away before the answer.
    const left = message('ou_w_left', 'oc_w_left', '帮助');
    const waiting = {
      event: {
        kind: 'message' as const,
        id: left.event.message.message_id,
        sender: { platform: 'feishu' as const, userId: 'ou_w_left' },
        conversation: { id: 'oc_w_left', kind: 'direct' as const, mentioned: false },
        text: '帮助',
      },
      to: { kind: 'chat' as const, platform: 'feishu' as const, chatId: 'oc_w_left' },
    };
    expect(await claimEvent(store, `feishu:msg:${waiting.event.id}`, at, waiting)).toBe(true);
    await worker.scheduled({ scheduledTime: at, cron: '*/5 * * * *' });
    await worker.scheduled({ scheduledTime: new Date(at.getTime() + 5 * 60_000), cron: '*/5 * * * *' });
    const replies = feishuSent(await sent(), { chatIds: ['oc_w_left'] });
    expect(replies).toHaveLength(1);
    expect(`${replies[0]?.title}\n${replies[0]?.text}`).toContain('竹山县');
    const rows = await store.db.selectFrom('processed_events').select(['key', 'work']).execute();
    expect(rows).toEqual([{ key: `feishu:msg:${waiting.event.id}`, work: null }]);
  });

  it('forgets processed event ids older than a day on the hourly trigger', async () => {
    const now = new Date('2023-03-24T10:17:00+08:00');
    await store.db
      .insertInto('processed_events')
      .values([
        { key: 'old', seen_at: new Date(now.getTime() - 25 * 3_600_000).toISOString() },
        { key: 'recent', seen_at: new Date(now.getTime() - 3_600_000).toISOString() },
      ])
      .execute();
    await worker.scheduled({ scheduledTime: now, cron: '17 * * * *' });
    const keys = await store.db.selectFrom('processed_events').select('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['recent']);
  });

  it('answers a bad setting, or the console it cannot serve, with 503 and the reason in the log only', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const misconfigured = { ...env, FEISHU_APP_SECRET: 'short' };
      const response = await createWorker().fetch(new Request('https://bot.example/health'), misconfigured, {
        waitUntil() {},
      });
      expect(response.status).toBe(503);
      expect(await response.text()).not.toContain('short');
      expect(String(logged.mock.calls.at(-1)?.[0])).toContain('FEISHU_APP_SECRET');
      // The log names the setting, never its value (a secret).
      expect(String(logged.mock.calls.at(-1)?.[0])).not.toContain('short');
      const consoleOn = { ...env, CONSOLE_ENABLED: 'true', CONSOLE_PASSWORD: 'a-long-password' };
      const withConsole = await createWorker().fetch(new Request('https://bot.example/health'), consoleOn, {
        waitUntil() {},
      });
      expect(withConsole.status).toBe(503);
      expect(String(logged.mock.calls.at(-1)?.[0])).toContain('CONSOLE_ENABLED 应为 false');
      // A Worker cannot hold a long connection open.
      const connected = { ...env, FEISHU_MODE: 'long-connection' };
      const withConnection = await createWorker().fetch(
        new Request('https://bot.example/health'),
        connected,
        {
          waitUntil() {},
        },
      );
      expect(withConnection.status).toBe(503);
      expect(String(logged.mock.calls.at(-1)?.[0])).toContain('FEISHU_MODE=long-connection');
    } finally {
      logged.mockRestore();
    }
  });
});
