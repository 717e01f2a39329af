import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/bot/deps.ts';
import { readInbox } from '../../src/channels/console/inbox.ts';
import { issueBindCode } from '../../src/store/contacts-repo.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import {
  buttonLabelled,
  cardOf,
  consoleBot,
  demoUser,
  formOf,
  inputsOf,
  press,
  say,
  textOf,
} from '../support/bot.ts';
import { revisionCount, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
let now = new Date('2023-03-27T02:00:00Z');
let bot: BotDeps;
storeEachTest((s) => {
  store = s;
  now = new Date('2023-03-27T02:00:00Z');
  bot = consoleBot(store, () => now);
});

const ZHUSHAN = () => demoUser('county', '竹山县');
const LEAD = () => demoUser('lead_unit', '省委宣传部');

/** Fills every input of the 附件2 form with consistent figures. */
function a2Values(card: ReturnType<typeof cardOf>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputsOf(card)) values[input.name] = input.value ?? '1';
  Object.assign(values, {
    trainingActual: '15',
    trainTech: '3',
    trainLeaders: '3',
    trainFarming: '3',
    trainJobs: '3',
    trainOther: '3',
    fundsActual: '12.5',
  });
  return values;
}

describe('a county fills 附件2 by card', () => {
  it('gets a form derived from the declaration, prefilled with its partner, and saves it', async () => {
    const opened = await say(bot, ZHUSHAN(), '填报 附件2');
    const card = cardOf(opened.replies[0]);
    expect(card.title).toBe('2023年第一季度 省直单位定点帮扶工作情况台账');
    const inputs = inputsOf(card);
    expect(inputs.find((i) => i.name === 'provincialUnit')?.value).toBe('省委宣传部');
    expect(inputs.find((i) => i.name === 'fundsActual')?.label).toBe('实际投入帮扶资金（万元）');
    expect(inputs.find((i) => i.name === 'reporter')?.value).toMatch(/^\S+ 170\d{8}$/);
    expect(
      formOf(card)
        .sections.map((s) => s.title)
        .filter(Boolean),
    ).toEqual(['赴帮扶县调研指导', '实际开展培训情况', '消费帮扶']);
    const names = inputs.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);

    const saved = await press(bot, ZHUSHAN(), buttonLabelled(card, '提交'), a2Values(card));
    expect(saved.toast).toEqual({
      tone: 'success',
      text: '已保存（第1版），等待省委宣传部（省直牵头单位）确认',
    });
    expect(saved.update?.title).toBe('已保存：2023年第一季度 省直单位定点帮扶工作情况台账');
    expect(textOf(saved.update ?? card)).toContain('实际投入帮扶资金：12.50万元');

    // 修改 reopens the form with the stored values; a second save makes revision 2.
    const edit = await press(bot, ZHUSHAN(), buttonLabelled(saved.update ?? card, '修改'));
    const form = edit.update ?? card;
    expect(inputsOf(form).find((i) => i.name === 'fundsActual')?.value).toBe('12.5');
    const again = await press(bot, ZHUSHAN(), buttonLabelled(form, '提交'), {
      ...a2Values(form),
      fundsActual: '20',
    });
    expect(again.toast?.text).toBe('已保存（第2版），等待省委宣传部（省直牵头单位）确认');
  });

  it('answers bad figures with a toast and the form again, each error beside its field, values kept', async () => {
    const card = cardOf((await say(bot, ZHUSHAN(), '填报 附件2')).replies[0]);
    const values = { ...a2Values(card), fundsActual: '-5', projects: '三个' };
    const result = await press(bot, ZHUSHAN(), buttonLabelled(card, '提交'), values);
    expect(result.toast?.tone).toBe('danger');
    const inputs = inputsOf(result.update ?? card);
    expect(inputs.find((i) => i.name === 'fundsActual')).toMatchObject({
      value: '-5',
      error: expect.stringContaining('应为不小于0、最多4位小数的万元数'),
    });
    expect(inputs.find((i) => i.name === 'projects')).toMatchObject({
      value: '三个',
      error: expect.stringContaining('应为不小于0的整数'),
    });
    expect(await revisionCount(store)).toBe(0);
  });

  it('shows a rule error (R5) beside the total it concerns', async () => {
    const card = cardOf((await say(bot, ZHUSHAN(), '填报 附件2')).replies[0]);
    const result = await press(bot, ZHUSHAN(), buttonLabelled(card, '提交'), {
      ...a2Values(card),
      trainOther: '4',
    });
    expect(inputsOf(result.update ?? card).find((i) => i.name === 'trainingActual')?.error).toContain(
      '分项合计',
    );
    expect(await revisionCount(store)).toBe(0);
  });
});

describe('status questions follow the asker’s scope', () => {
  it('a lead unit sees only its county, and sees it leave the list once reported', async () => {
    const before = cardOf((await say(bot, LEAD(), '谁还没报 附件2')).replies[0]);
    // The first line says what the answer is for, the period a default named as one.
    expect(textOf(before)).toBe(
      '2023年第一季度（当前报送期） · 附件2 省直定点帮扶 · 省委宣传部负责的县\n附件2 省直单位定点帮扶工作情况台账（截止2023-03-31）：未报1个——竹山县',
    );
    const card = cardOf((await say(bot, ZHUSHAN(), '填报 附件2')).replies[0]);
    await press(bot, ZHUSHAN(), buttonLabelled(card, '提交'), a2Values(card));
    const after = cardOf((await say(bot, LEAD(), '谁还没报 附件2')).replies[0]);
    expect(textOf(after)).toMatch(/\n附件2 省直单位定点帮扶工作情况台账（截止2023-03-31）：已全部报送$/);
  });

  it('a city sees its counties, the bureau all 37', async () => {
    const city = textOf(cardOf((await say(bot, demoUser('city', '十堰市'), '谁还没报 附件2')).replies[0]));
    expect(city).toContain('未报8个');
    const bureau = textOf(
      cardOf((await say(bot, demoUser('bureau', '省乡村振兴局'), '谁还没报 附件2')).replies[0]),
    );
    expect(bureau).toContain('未报37个');
  });

  it('in a group shows only counts and sends the names privately', async () => {
    const response = await say(bot, LEAD(), '谁还没报', true);
    expect(response.replies.map((r) => r.kind)).toEqual(['card', 'text']);
    expect(JSON.stringify(response.replies)).not.toContain('竹山县');
    expect(JSON.stringify(response.privateReplies)).toContain('竹山县');
  });

  it('ignores group messages that do not mention the bot', async () => {
    const response = await dispatchUnmentioned();
    expect(response).toEqual({ replies: [] });
  });

  it('draws progress as a chart', async () => {
    const card = cardOf((await say(bot, demoUser('bureau', '省乡村振兴局'), '一季度进度')).replies[0]);
    const chart = card.blocks.find((b) => b.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.chart.series.map((s) => s.name)).toEqual(['已报', '未报']);
  });
});

async function dispatchUnmentioned() {
  const { dispatch } = await import('../../src/bot/dispatch.ts');
  return dispatch(
    {
      kind: 'message',
      id: 'x',
      sender: { platform: 'console', userId: LEAD() },
      conversation: { id: 'g', kind: 'group', mentioned: false },
      text: '谁还没报',
    },
    bot,
  );
}

describe('contacts', () => {
  it('politely refuses an unknown sender and binds one with a one-time code', async () => {
    const stranger = 'ou_stranger';
    const refused = await say(bot, stranger, '谁还没报');
    expect(refused.replies[0]).toEqual({
      kind: 'text',
      text: expect.stringContaining('还没有登记在帮扶台账名册中'),
    });
    const contact = await store.db
      .selectFrom('contacts')
      .select('id')
      .where('platform_user_id', '=', LEAD())
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('contacts')
      .set({ platform: null, platform_user_id: null })
      .where('id', '=', contact.id)
      .execute();
    await issueBindCode(store, contact.id, 'K7Q2ZP', new Date('2023-04-01T00:00:00Z'));
    const bound = await say(bot, stranger, '绑定 k7q2zp');
    expect(bound.replies[0]).toEqual({ kind: 'text', text: expect.stringContaining('绑定成功') });
    expect(textOf(cardOf((await say(bot, stranger, '谁还没报 附件2')).replies[0]))).toContain('竹山县');
    expect((await say(bot, 'ou_other', '绑定 K7Q2ZP')).replies[0]).toEqual({
      kind: 'text',
      text: expect.stringContaining('验证码无效'),
    });
  });
});

describe('nudge', () => {
  it('lets a lead unit nudge its county once an hour, and the county receives the card', async () => {
    const sent = await say(bot, LEAD(), '催报 竹山 附件2');
    expect(sent.replies[0]).toEqual({
      kind: 'text',
      text: '2023年第一季度（当前报送期） · 附件2 省直定点帮扶 · 竹山县\n已向竹山县的1位联系人发送催报提醒：附件2 省直定点帮扶。',
    });
    const inbox = await readInbox(mailboxOf(store), { kind: 'user', platform: 'console', userId: ZHUSHAN() });
    expect(inbox).toHaveLength(1);
    const card = cardOf(inbox[0]?.reply);
    expect(textOf(card)).toContain('附件2 省直单位定点帮扶工作情况台账（截止2023-03-31）');
    const opened = await press(bot, ZHUSHAN(), buttonLabelled(card, '填报 附件2'));
    expect(opened.update?.title).toBe('2023年第一季度 省直单位定点帮扶工作情况台账');
    expect((await say(bot, LEAD(), '催报 竹山 附件2')).replies[0]).toEqual({
      kind: 'text',
      text: expect.stringContaining('一小时内已催报过'),
    });
    // A county's clerk nudges nobody: 催报 about its own county is read as what it still owes.
    const own = cardOf((await say(bot, ZHUSHAN(), '催报 竹山')).replies[0]);
    expect(own.title).toBe('竹山县 2023年第一季度 情况');
  });
});
