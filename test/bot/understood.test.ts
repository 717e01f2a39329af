// What the bot understood, said back: every answer starts with the period, ledger and place it is
// for (a default named as one), a place kept, a word it could not use named, a close call asked
// about with buttons that answer when pressed, and the new answers (deadlines, lists by state).
import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/bot/deps.ts';
import type { Card } from '../../src/bot/model.ts';
import { buttonLabelled, cardOf, consoleBot, demoUser, press, say, textOf } from '../support/bot.ts';
import { storeEachTest } from '../support/demo-store.ts';

let now = new Date('2023-03-28T02:00:00Z');
let bot: BotDeps;
storeEachTest((store) => {
  now = new Date('2023-03-28T02:00:00Z');
  bot = consoleBot(store, () => now);
});

const CLERK = () => demoUser('county', '郧西县');
const LEAD = () => demoUser('lead_unit', '省委宣传部');
const BUREAU = () => demoUser('bureau', '省乡村振兴局');
const firstLine = (card: Card) => textOf(card).split('\n')[0];

describe('the echo line', () => {
  it('answers a relative period for the quarter it names, and says so', async () => {
    const card = cardOf((await say(bot, LEAD(), '上个季度谁没报')).replies[0]);
    expect(card.title).toBe('2022年第四季度 未报名单');
    expect(firstLine(card)).toBe('2022年第四季度 · 全部台账 · 省委宣传部负责的县');
  });

  it('names a default period as one', async () => {
    const card = cardOf((await say(bot, LEAD(), '谁还没报 附件2')).replies[0]);
    expect(firstLine(card)).toBe('2023年第一季度（当前报送期） · 附件2 省直定点帮扶 · 省委宣传部负责的县');
  });

  it('keeps a city: 恩施州进度 counts only its counties', async () => {
    const card = cardOf((await say(bot, BUREAU(), '恩施州进度')).replies[0]);
    expect(firstLine(card)).toBe('2023年第一季度（当前报送期） · 全部台账 · 恩施州');
    const whole = cardOf((await say(bot, BUREAU(), '进度')).replies[0]);
    const a2 = (c: Card) => textOf(c).match(/附件2 省直单位定点帮扶工作情况台账：已报 0\/(\d+)/)?.[1];
    expect(Number(a2(card))).toBe(8);
    expect(Number(a2(whole))).toBe(37);
  });

  it('names a word it recognised but could not use', async () => {
    const card = cardOf((await say(bot, LEAD(), '谁还没报 附件2 附件3')).replies[0]);
    expect(firstLine(card)).toContain('另提到的“附件3 省内区域协作”这次没有用上');
  });

  it('says a quarter that has not begun has nothing to read yet', async () => {
    const reply = (await say(bot, BUREAU(), '2024年一季度进度')).replies[0];
    expect(reply).toEqual({
      kind: 'text',
      text: '2024年第一季度 · 全部台账 · 全省\n2024年第一季度还没到报送时间，暂时没有可查的报送。',
    });
  });
});

describe('asking when unsure', () => {
  it('offers both readings as buttons, each answering as if typed', async () => {
    const card = cardOf((await say(bot, BUREAU(), '督促一下孝昌，附件１还没交')).replies[0]);
    expect(card.title).toBe('您是要：');
    const labels = card.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons.map((x) => x.label) : []));
    expect(labels).toEqual(['催报 附件1 孝昌县', '附件1 孝昌县 情况']);
    const detail = await press(bot, BUREAU(), buttonLabelled(card, '附件1 孝昌县 情况'));
    expect(cardOf(detail.replies[0]).title).toBe('孝昌县 2023年第一季度 情况');
  });

  it('asks which county when 催报 names none, offering those that still owe', async () => {
    const which = cardOf((await say(bot, BUREAU(), '给没报的县发个提醒')).replies[0]);
    expect(which.title).toBe('请选择要催报的县：');
    const buttons = which.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons : []));
    expect(buttons.length).toBe(12);
    const sent = await press(bot, BUREAU(), buttons[0] ?? buttonLabelled(which, '县'));
    expect(sent.replies[0]?.kind === 'text' && sent.replies[0].text).toMatch(/发送催报提醒/);
  });
});

describe('new answers', () => {
  it('tells a county when its sheets are due and whether it has reported them', async () => {
    const card = cardOf((await say(bot, CLERK(), '附件2还有几天截止')).replies[0]);
    expect(card.title).toBe('2023年第一季度 截止时间');
    expect(textOf(card)).toContain('附件2 省直单位定点帮扶工作情况台账：2023-03-31截止（还有3天），本县未报');
  });

  it('lists by state: 逾期的 after the deadline', async () => {
    now = new Date('2023-04-03T02:00:00Z');
    const card = cardOf((await say(bot, BUREAU(), '逾期的有哪些')).replies[0]);
    expect(card.title).toBe('2023年第一季度 逾期未报名单');
    expect(textOf(card)).toMatch(/逾期未报37个，按市州：/);
  });

  it('answers thanks briefly', async () => {
    expect((await say(bot, CLERK(), '好的谢谢')).replies[0]).toEqual({
      kind: 'text',
      text: '不客气！需要填报或查询时随时发消息给我。',
    });
  });

  it('a lead unit’s own duties are its own, not listed as if a county owed them', async () => {
    const card = cardOf((await say(bot, LEAD(), '谁还没报')).replies[0]);
    expect(textOf(card)).toContain('召开年度首次联席（协调）会议（截止2023-03-31）：本单位应报，未报');
  });
});
