// "我的提交" on a many-row sheet: each version says what changed from the one before it (rows added
// and removed, fields with old → new values in the ledger's labels), in Beijing time.
import { describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import type { BotDeps } from '../../src/bot/deps.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { cardOf, consoleBot, demoUser, say, textOf } from '../support/bot.ts';
import { demoMobile, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
let bot: BotDeps;
storeEachTest((s) => {
  store = s;
  bot = consoleBot(store, () => new Date('2023-03-28T02:00:00Z'));
});

const org = (orgName: string, fundsActual: string, projectName = '助学') => ({
  orgName,
  level: '省级',
  supervisor: '省民政厅',
  agreementSigned: '是',
  domain: '教育',
  projectName,
  fundsPlanned: '10',
  fundsActual,
});

async function submitA4(at: string, rows: ReturnType<typeof org>[]): Promise<void> {
  const outcome = await submitSheet(
    store,
    {
      as: demoMobile('county', '竹山县'),
      ledger: 'a4',
      period: '2023Q1',
      body: { reporter: '陈 170', rows },
    },
    'card',
    new Date(at),
  );
  expect(outcome.kind).toBe('saved');
}

/** The card's lines from the first version on (the line above says what the answer is for). */
const versionLines = (text: string) => {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => /第\d+版/.test(l)));
};

describe('我的提交', () => {
  it('shows what each version of a many-row sheet changed, rows and fields, newest first', async () => {
    await submitA4('2023-03-25T01:31:00Z', [org('湖北省慈善总会', '3'), org('湖北省青基会', '4')]);
    await submitA4('2023-03-26T07:05:00Z', [org('湖北省慈善总会', '5'), org('武汉大学校友会', '1', '义诊')]);
    await submitA4('2023-03-27T08:00:00Z', [org('湖北省慈善总会', '5'), org('武汉大学校友会', '1', '义诊')]);

    const text = textOf(cardOf((await say(bot, demoUser('county', '竹山县'), '我的提交')).replies[0]));
    expect(versionLines(text)).toEqual([
      '2023-03-27 16:00 2023年第一季度 竹山县 附件4 社会组织帮扶 第3版 · 陈志强（演示） · 卡片',
      '  与第2版相同，没有改动',
      '2023-03-26 15:05 2023年第一季度 竹山县 附件4 社会组织帮扶 第2版 · 陈志强（演示） · 卡片',
      '  较第1版改动：',
      '  · 湖北省慈善总会 / 助学 实际投入资金：3.00万元 → 5.00万元',
      '  · 新增：武汉大学校友会 / 义诊',
      '  · 删除：湖北省青基会 / 助学',
      // 09:31 Beijing time, not the 01:31 UTC it was stored as.
      '2023-03-25 09:31 2023年第一季度 竹山县 附件4 社会组织帮扶 第1版 · 陈志强（演示） · 卡片',
      '  首次报送，共2行',
    ]);
  });

  it('counts the changes beyond the first few instead of listing a whole sheet', async () => {
    const many = (funds: string) => Array.from({ length: 9 }, (_, i) => org(`协会${i + 1}`, funds));
    await submitA4('2023-03-25T01:00:00Z', many('1'));
    await submitA4('2023-03-26T01:00:00Z', many('2'));
    const text = textOf(cardOf((await say(bot, demoUser('county', '竹山县'), '我的提交')).replies[0]));
    const changed = text.split('\n').filter((l) => l.includes('1.00万元 → 2.00万元'));
    expect(changed).toHaveLength(6);
    expect(text).toContain('  · 另有3处改动');
  });
});
