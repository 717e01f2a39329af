// The whole Feishu path with the real bot: signed, encrypted events over real HTTP on 127.0.0.1, the
// real Open API client talking to the loopback fake, a real SQLite store.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp, composeChannels, type Runtime } from '../../../src/runtime/compose.ts';
import { readConfig } from '../../../src/runtime/config.ts';
import type { SqliteStore } from '../../../src/store/sqlite.ts';
import { demoMobile, demoStore, revisionCount, type TempDb } from '../../support/demo-store.ts';
import { type FakeFeishu, startFakeFeishu } from '../../support/fake-feishu.ts';
import { buildSignedRequest, cardActionSample, messageSample } from '../../support/feishu-sign.ts';

const ENCRYPT_KEY = 'e2e-encrypt-key';
const TOKEN = 'e2e-verification-token';
const NOW = new Date('2023-03-27T02:00:00Z');
const ZHUSHAN = 'ou_zhushan_clerk';
const LEAD = 'ou_lead_unit_officer';
const CITY = 'ou_shiyan_city';

let store: SqliteStore;
let db: TempDb;
let fake: FakeFeishu;
let server: ServerType;
let base: string;
let pending: Promise<unknown>[];

beforeEach(async () => {
  ({ store, db } = await demoStore());
  // Real Feishu accounts for three demo contacts: two bound, the lead unit's found by its mobile.
  const bind = (kind: string, name: string, openId: string | null) =>
    store.db
      .updateTable('contacts')
      .set({ platform: openId ? 'feishu' : null, platform_user_id: openId })
      .where('mobile', '=', demoMobile(kind, name))
      .execute();
  await bind('county', '竹山县', ZHUSHAN);
  await bind('city', '十堰市', CITY);
  await bind('lead_unit', '省委宣传部', null);
  fake = await startFakeFeishu({ mobiles: { [demoMobile('lead_unit', '省委宣传部')]: LEAD } });
  const configured = readConfig({
    FEISHU_APP_ID: 'cli_test_app',
    FEISHU_APP_SECRET: 'test-secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: fake.url,
  });
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  pending = [];
  const runtime: Runtime = {
    store,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    defer: (work) => pending.push(work),
    worker: 'e2e',
    version: 'test',
  };
  const app = composeApp(configured.config, runtime, composeChannels(configured.config, runtime));
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
  await store.close();
  db.cleanup();
});

let seq = 0;
function message(openId: string, text: string, chatType: 'p2p' | 'group' = 'p2p') {
  seq += 1;
  const sample = messageSample({ token: TOKEN, eventId: `evt_${seq}`, messageId: `om_msg_${seq}` });
  sample.event.sender.sender_id.open_id = openId;
  sample.event.message.chat_type = chatType;
  sample.event.message.chat_id = `oc_chat_${openId}`;
  sample.event.message.content = JSON.stringify({ text });
  // In a group the bot answers only when @-mentioned.
  if (chatType === 'p2p') sample.event.message.mentions = [];
  return sample;
}

function cardAction(openId: string, value: Record<string, string>, formValue: Record<string, string>) {
  seq += 1;
  const sample = cardActionSample({ token: TOKEN, eventId: `evt_card_${seq}` });
  sample.event.operator.open_id = openId;
  return {
    ...sample,
    event: { ...sample.event, action: { ...sample.event.action, value, form_value: formValue } },
  };
}

async function post(payload: unknown): Promise<Response> {
  const signed = buildSignedRequest(payload, {
    encryptKey: ENCRYPT_KEY,
    timestamp: Math.floor(NOW.getTime() / 1000),
  });
  const response = await fetch(`${base}/webhooks/feishu`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  await Promise.all(pending);
  return response;
}

type Json = Record<string, unknown>;
function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}
function elements(card: unknown, tag: string): Json[] {
  const found: Json[] = [];
  walk(card, (n) => {
    if (n.tag === tag) found.push(n);
  });
  return found;
}
function texts(card: unknown): string {
  const found: string[] = [];
  walk(card, (n) => {
    if (typeof n.content === 'string') found.push(n.content);
  });
  return found.join('\n');
}
function lastCardTo(receiveId: string): Json {
  const sent = fake.messages.filter((m) => m.receiveId === receiveId && m.msgType === 'interactive');
  const last = sent[sent.length - 1];
  if (!last) throw new Error(`no card sent to ${receiveId}`);
  return last.content as Json;
}

describe('Feishu end to end with the real bot', () => {
  it('a county fills 附件2 by card; the lead unit and the city then see who is left in their scope', async () => {
    // 1. The county clerk asks for the form in the one-to-one chat.
    expect((await post(message(ZHUSHAN, '填报 附件2'))).status).toBe(200);
    const form = lastCardTo(`oc_chat_${ZHUSHAN}`);
    expect(form.schema).toBe('2.0');
    const inputs = elements(form, 'input');
    expect(inputs.find((i) => i.name === 'provincialUnit')?.default_value).toBe('省委宣传部');
    const submit = elements(form, 'button').find((b) => b.form_action_type === 'submit');
    const value = ((submit?.behaviors as Json[] | undefined)?.[0]?.value ?? {}) as Record<string, string>;
    expect(value).toMatchObject({ op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县' });

    // 2. Submitting with figures, as Feishu sends form values: strings keyed by input name.
    const formValue: Record<string, string> = Object.fromEntries(
      inputs.map((i) => [String(i.name), String(i.default_value ?? '0')]),
    );
    Object.assign(formValue, {
      fundsPlanned: '120',
      fundsActual: '35.5',
      trainingActual: '10',
      trainTech: '10',
      trainLeaders: '0',
      trainFarming: '0',
      trainJobs: '0',
      trainOther: '0',
    });
    const callback = await post(cardAction(ZHUSHAN, value, formValue));
    expect(callback.status).toBe(200);
    const answer = (await callback.json()) as {
      toast: { type: string; content: string };
      card: { type: string; data: Json };
    };
    expect(answer.toast).toEqual({ type: 'success', content: '已保存（第1版）' });
    expect(answer.card.type).toBe('raw');
    expect(texts(answer.card.data)).toContain('实际投入帮扶资金**：35.50万元');
    expect(await revisionCount(store)).toBe(2);

    // 3. The lead unit, unknown so far, is recognised by its mobile and sees its county done.
    await post(message(LEAD, '谁还没报 附件2'));
    expect(fake.batchGetIdCalls.flat()).toContain(demoMobile('lead_unit', '省委宣传部'));
    expect(texts(lastCardTo(`oc_chat_${LEAD}`))).toContain(
      '附件2 省直单位定点帮扶工作情况台账（截止2023-03-31）：已全部报送',
    );

    // 4. The city sees the other seven counties of 十堰市, and no county outside it.
    await post(message(CITY, '谁还没报 附件2'));
    const list = texts(lastCardTo(`oc_chat_${CITY}`));
    expect(list).toContain('未报7个——丹江口市、房县、茅箭区、郧西县、郧阳区、张湾区、竹溪县');
    expect(list).not.toContain('竹山县');
    expect(list).not.toContain('宜昌');
  });

  it('answers bad figures with an error toast and the form again, and stores nothing', async () => {
    await post(message(ZHUSHAN, '填报 附件2'));
    const form = lastCardTo(`oc_chat_${ZHUSHAN}`);
    const inputs = elements(form, 'input');
    const submit = elements(form, 'button').find((b) => b.form_action_type === 'submit');
    const value = ((submit?.behaviors as Json[] | undefined)?.[0]?.value ?? {}) as Record<string, string>;
    const formValue: Record<string, string> = Object.fromEntries(
      inputs.map((i) => [String(i.name), String(i.default_value ?? '0')]),
    );
    const answer = (await (
      await post(cardAction(ZHUSHAN, value, { ...formValue, fundsActual: '-1' }))
    ).json()) as { toast: { type: string }; card: { data: Json } };
    expect(answer.toast.type).toBe('error');
    expect(texts(answer.card.data)).toContain('应为不小于0、最多4位小数的万元数');
    expect(await revisionCount(store)).toBe(0);
  });

  it('acts once on a message Feishu delivers twice', async () => {
    const twice = message(ZHUSHAN, '帮助');
    await post(twice);
    await post(twice);
    expect(fake.messages.filter((m) => m.receiveId === `oc_chat_${ZHUSHAN}`)).toHaveLength(1);
  });

  it('never shows names in a group: counts there, the list privately', async () => {
    await post(message(CITY, '谁还没报', 'group'));
    const group = fake.messages.filter((m) => m.receiveId === `oc_chat_${CITY}`);
    expect(JSON.stringify(group)).not.toContain('郧西县');
    const direct = fake.messages.filter((m) => m.receiveIdType === 'open_id' && m.receiveId === CITY);
    expect(JSON.stringify(direct)).toContain('郧西县');
  });

  it('politely refuses a stranger and says whom to ask', async () => {
    await post(message('ou_stranger', '谁还没报'));
    const reply = fake.messages.find((m) => m.receiveId === 'oc_chat_ou_stranger');
    expect(JSON.stringify(reply?.content)).toContain('请联系省乡村振兴局帮扶处登记手机号');
  });
});
