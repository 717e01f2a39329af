// The whole DingTalk path with the real bot: signed robot messages and card callbacks over real HTTP on
// 127.0.0.1, the real Open API client talking to the loopback fake, a real SQLite store — wired here
// from the same pieces the runtime uses (dispatch, routeMessengers, claimEvent).
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotDeps } from '../../../src/bot/deps.ts';
import { dispatch } from '../../../src/bot/dispatch.ts';
import { routeMessengers } from '../../../src/bot/messengers.ts';
import {
  createDingtalkClient,
  type DingtalkClient,
  dingtalkWebhook,
  silentLogger,
} from '../../../src/channels/dingtalk/index.ts';
import { isWorkday } from '../../../src/domain/workdays.ts';
import { say } from '../../../src/prompts.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders } from '../../../src/reminders/sweep.ts';
import { consoleMessenger } from '../../../src/store/console-inbox.ts';
import { claimEvent } from '../../../src/store/events-repo.ts';
import type { SqliteStore } from '../../../src/store/sqlite.ts';
import { demoMobile, demoStore, revisionCount, type TempDb } from '../../support/demo-store.ts';
import { cardCallback, directMessage, signedHeaders } from '../../support/dingtalk-sign.ts';
import {
  CREATE_AND_DELIVER_PATH,
  type FakeDingtalk,
  GET_BY_MOBILE_PATH,
  startFakeDingtalk,
  TOKEN_PATH,
} from '../../support/fake-dingtalk.ts';

const NOW = new Date('2023-03-27T02:00:00Z');
const CARD_TOKEN = 'e2e-card-callback-token';
const ZHUSHAN = 'staff_zhushan_clerk';
const CITY = 'staff_shiyan_city';
const LEAD = 'staff_lead_unit';

let store: SqliteStore;
let db: TempDb;
let fake: FakeDingtalk;
let client: DingtalkClient;
let bot: BotDeps;
let server: ServerType;
let base: string;
let pending: Promise<unknown>[];

const bind = (kind: string, name: string, staffId: string | null) =>
  store.db
    .updateTable('contacts')
    .set({ platform: staffId ? 'dingtalk' : null, platform_user_id: staffId })
    .where('mobile', '=', demoMobile(kind, name))
    .execute();

beforeEach(async () => {
  ({ store, db } = await demoStore());
  await bind('county', '竹山县', ZHUSHAN);
  await bind('city', '十堰市', CITY);
  // The lead unit has no account yet: the bot finds it through the DingTalk directory by mobile.
  await bind('lead_unit', '省委宣传部', null);
  fake = await startFakeDingtalk({ mobiles: { [demoMobile('lead_unit', '省委宣传部')]: LEAD } });
  client = createDingtalkClient({
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    robotCode: 'dingrobotcode',
    cardTemplateId: 'tpl-bangfu-generic.schema',
    cardCallbackRouteKey: 'bangfu_card',
    baseUrl: fake.url,
    oapiBaseUrl: fake.url,
    sleep: async () => {},
  });
  bot = {
    store,
    now: () => NOW,
    messenger: routeMessengers({ dingtalk: client, console: consoleMessenger(store, () => NOW) }),
    directories: { dingtalk: client },
  };
  pending = [];
  const app = dingtalkWebhook({
    appSecret: fake.appSecret,
    cardCallbackToken: CARD_TOKEN,
    now: () => NOW,
    dispatch: (event) => dispatch(event, bot),
    claim: (key) => claimEvent(store, key, NOW),
    messenger: bot.messenger,
    updateCard: (outTrackId, card) => client.updateCard(outTrackId, card),
    defer: (work) => void pending.push(work),
    logger: silentLogger,
    errorToast: say('bot.errorToast'),
  });
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
async function say1to1(staffId: string, text: string): Promise<Response> {
  seq += 1;
  const response = await fetch(`${base}/webhooks/dingtalk`, {
    method: 'POST',
    headers: signedHeaders(NOW.getTime(), fake.appSecret),
    body: JSON.stringify(directMessage(staffId, text, `msg_e2e_${seq}`)),
  });
  await Promise.all(pending);
  return response;
}

async function press(staffId: string, outTrackId: string, params: Record<string, unknown>) {
  const response = await fetch(`${base}/webhooks/dingtalk/card?token=${CARD_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cardCallback({ outTrackId, userId: staffId, params })),
  });
  await Promise.all(pending);
  return response;
}

function lastCardTo(staffId: string) {
  const cards = fake.cards.filter((c) => c.openSpaceId === `dtv1.card//IM_ROBOT.${staffId}`);
  const last = cards[cards.length - 1];
  if (!last) throw new Error(`no card delivered to ${staffId}`);
  return last;
}

/** What the person was shown last, whether a robot message or a card from the template. */
function lastTextTo(staffId: string): string {
  const sent = fake.requests.filter(
    (r) =>
      (r.path.startsWith('/v1.0/robot/') || r.path === CREATE_AND_DELIVER_PATH) &&
      JSON.stringify(r.body).includes(staffId),
  );
  const last = sent[sent.length - 1]?.body as
    | { cardData?: { cardParamMap: Record<string, string> }; msgParam?: string }
    | undefined;
  if (!last) throw new Error(`nothing sent to ${staffId}`);
  if (last.cardData)
    return [last.cardData.cardParamMap.title, last.cardData.cardParamMap.markdown].join('\n');
  const param = JSON.parse(last.msgParam ?? '{}') as { text?: string; content?: string };
  return param.text ?? param.content ?? '';
}

type Field = { name: string; type: string; defaultValue?: string | { value: string } };

describe('DingTalk end to end with the real bot', () => {
  it('a county fills 附件2 by card; the lead unit and the city then see who is left in their scope', async () => {
    // 1. The county clerk asks for the form one-to-one; the form card is delivered from the template.
    expect((await say1to1(ZHUSHAN, '填报 附件2')).status).toBe(200);
    const form = lastCardTo(ZHUSHAN);
    expect(form.callbackType).toBe('HTTP');
    const fields = (JSON.parse(form.params.form ?? '') as { fields: Field[] }).fields;
    expect(fields.find((f) => f.name === 'provincialUnit')?.defaultValue).toBe('省委宣传部');
    expect(JSON.parse(form.params.form_action ?? '')).toMatchObject({
      op: 'save',
      l: 'a2',
      p: '2023Q1',
      c: 'county:竹山县',
    });

    // 2. The submission comes back as a card callback: the action and string form values.
    const values: Record<string, string> = Object.fromEntries(
      fields.map((f) => [
        f.name,
        typeof f.defaultValue === 'object' ? f.defaultValue.value : (f.defaultValue ?? '0'),
      ]),
    );
    Object.assign(values, {
      fundsPlanned: '120',
      fundsActual: '35.5',
      trainingActual: '10',
      trainTech: '10',
      trainLeaders: '0',
      trainFarming: '0',
      trainJobs: '0',
      trainOther: '0',
    });
    const callback = await press(ZHUSHAN, form.outTrackId, { action: form.params.form_action, form: values });
    expect(callback.status).toBe(200);
    const answer = (await callback.json()) as { cardData: { cardParamMap: Record<string, string> } };
    expect(answer.cardData.cardParamMap.toast).toBe('已保存（第1版）');
    expect(answer.cardData.cardParamMap.markdown).toContain('实际投入帮扶资金**：35.50万元');
    expect(await revisionCount(store)).toBe(2);
    // The same card is also replaced through the Open API.
    const update = fake.cardUpdates.find((u) => u.outTrackId === form.outTrackId);
    expect(update?.params.markdown).toContain('实际投入帮扶资金**：35.50万元');

    // 3. The lead unit, unknown so far, is recognised by its mobile and sees its county done.
    await say1to1(LEAD, '谁还没报 附件2');
    expect(fake.requestsTo(GET_BY_MOBILE_PATH).map((r) => r.body)).toContainEqual({
      mobile: demoMobile('lead_unit', '省委宣传部'),
    });
    expect(lastTextTo(LEAD)).toContain('附件2 省直单位定点帮扶工作情况台账（截止2023-03-31）：已全部报送');

    // 4. The city sees the other seven counties of 十堰市, and no county outside it.
    await say1to1(CITY, '谁还没报 附件2');
    const list = lastTextTo(CITY);
    expect(list).toContain('未报7个——丹江口市、房县、茅箭区、郧西县、郧阳区、张湾区、竹溪县');
    expect(list).not.toContain('竹山县');
    expect(list).not.toContain('宜昌');
  });

  it('answers bad figures with an error toast and the form again, and stores nothing', async () => {
    await say1to1(ZHUSHAN, '填报 附件2');
    const form = lastCardTo(ZHUSHAN);
    const fields = (JSON.parse(form.params.form ?? '') as { fields: Field[] }).fields;
    const values = Object.fromEntries(
      fields.map((f) => [f.name, typeof f.defaultValue === 'string' ? f.defaultValue : '0']),
    );
    const res = await press(ZHUSHAN, form.outTrackId, {
      action: form.params.form_action,
      form: { ...values, fundsActual: '-1' },
    });
    const map = ((await res.json()) as { cardData: { cardParamMap: Record<string, string> } }).cardData
      .cardParamMap;
    expect(map.toast_tone).toBe('danger');
    expect(map.has_form).toBe('true');
    expect(map.error).toContain('应为不小于0、最多4位小数的万元数');
    expect(await revisionCount(store)).toBe(0);
  });

  it('acts once on a message DingTalk delivers twice', async () => {
    const body = JSON.stringify(directMessage(ZHUSHAN, '帮助', 'msg_twice'));
    for (let i = 0; i < 2; i += 1) {
      await fetch(`${base}/webhooks/dingtalk`, {
        method: 'POST',
        headers: signedHeaders(NOW.getTime(), fake.appSecret),
        body,
      });
      await Promise.all(pending);
    }
    const toClerk = fake.requests.filter(
      (r) => JSON.stringify(r.body ?? '').includes(ZHUSHAN) && r.path !== GET_BY_MOBILE_PATH,
    );
    expect(toClerk).toHaveLength(1);
  });

  it('sends one reminder per DingTalk recipient on 2023-03-24 09:05, counted against the quota', async () => {
    const counties = ['房县', '郧西县', '竹溪县'];
    for (const [i, name] of counties.entries()) await bind('county', name, `staff_county_${i}`);
    const result = await runDueReminders(
      { store, messenger: bot.messenger, worker: 'e2e', isWorkday, settings: DEFAULT_REMINDER_SETTINGS },
      new Date('2023-03-24T09:05:00+08:00'),
    );
    expect(result.failed).toBe(0);
    const recipients = [ZHUSHAN, ...counties.map((_, i) => `staff_county_${i}`)];
    const sent = fake.requests.filter((r) => r.path !== TOKEN_PATH);
    const perRecipient = recipients.map(
      (id) => sent.filter((r) => JSON.stringify(r.body).includes(id)).length,
    );
    // Everything a county owes comes in one message, not one per ledger.
    expect(perRecipient).toEqual([1, 1, 1, 1]);
    expect(client.callCount()).toBe(sent.length);
    expect(client.callCount()).toBe(recipients.length);
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
    // The reminder card has buttons to open each form, so it comes from the card template.
    expect(fake.cards.map((c) => c.openSpaceId).sort()).toEqual(
      recipients.map((id) => `dtv1.card//IM_ROBOT.${id}`).sort(),
    );
    // A second sweep the same morning sends nothing more.
    await runDueReminders(
      { store, messenger: bot.messenger, worker: 'e2e-2', isWorkday, settings: DEFAULT_REMINDER_SETTINGS },
      new Date('2023-03-24T09:35:00+08:00'),
    );
    expect(client.callCount()).toBe(recipients.length);
  });
});
