// "本周情况 / 周报" asked in chat: the bureau and a city get the weekly digest card for their scope (the
// bureau may name a city), its buttons open the lists; a county or a lead unit is told what it can ask.
import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/bot/deps.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { cardOf, consoleBot, demoUser, press, say, textOf } from '../support/bot.ts';
import { storeEachTest } from '../support/demo-store.ts';

const NOW = new Date('2023-04-04T10:00:00+08:00');

let store: OpenedStore;
let bot: BotDeps;
storeEachTest((s) => {
  store = s;
  bot = consoleBot(store, () => NOW);
});

describe('the weekly digest on demand', () => {
  it('the bureau asking 本周情况 gets every city’s overdue counts and a chart', async () => {
    const reply = await say(bot, demoUser('bureau', '省乡村振兴局'), '本周情况');
    const card = cardOf(reply.replies[0]);
    expect(card.title).toBe('2023年第一季度 本周报送情况');
    expect(card.subtitle).toContain('省乡村振兴局');
    expect(textOf(card)).toMatch(/逾期未报（按市州）：.*恩施州\d+项.*十堰市\d+项/);
    expect(card.blocks.some((b) => b.kind === 'chart')).toBe(true);
    // Asked for, not sent on a schedule: no note saying why it came.
    expect(textOf(card)).not.toContain('为什么收到');
  });

  it('a city asking 周报 sees its own counties only, and its list button lists them', async () => {
    const city = demoUser('city', '十堰市');
    const reply = await say(bot, city, '这周报送情况怎么样');
    const card = cardOf(reply.replies[0]);
    expect(card.subtitle).toContain('十堰市');
    expect(textOf(card)).toMatch(/逾期未报（按县）：.*郧西县\d+项/);
    expect(textOf(card)).not.toContain('恩施');
    const button = card.blocks
      .flatMap((b) => (b.kind === 'buttons' ? b.buttons : []))
      .find((b) => b.label === '谁还没报');
    if (!button) throw new Error('no 谁还没报 button');
    const list = await press(bot, city, button);
    const listed = JSON.stringify(list);
    expect(listed).toContain('未报名单');
    expect(listed).toContain('郧西县');
    expect(listed).not.toContain('恩施市');
  });

  it('the bureau may ask for one city’s digest', async () => {
    const card = cardOf((await say(bot, demoUser('bureau', '省乡村振兴局'), '恩施州本周情况')).replies[0]);
    expect(card.subtitle).toContain('恩施州');
    expect(textOf(card)).toMatch(/逾期未报（按县）：/);
    expect(textOf(card)).not.toContain('郧西县');
  });

  it('in a group only counts are said there; the card goes privately', async () => {
    const reply = await say(bot, demoUser('city', '十堰市'), '周报', true);
    expect(reply.replies.map((r) => (r.kind === 'text' ? r.text : r.kind))).not.toContain('card');
    expect(cardOf(reply.privateReplies?.[0]).subtitle).toContain('十堰市');
  });

  it('a county or a lead unit is told what it can ask instead', async () => {
    for (const [kind, name] of [
      ['county', '郧西县'],
      ['lead_unit', '省委宣传部'],
    ] as const) {
      const reply = await say(bot, demoUser(kind, name), '本周情况');
      const text = reply.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('\n');
      expect(text).toContain('周报发给省乡村振兴局和各市州');
      expect(text).toContain(name);
    }
  });
});
