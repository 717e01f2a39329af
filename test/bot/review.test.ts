import { describe, expect, it } from 'vitest';
import { sheetHistoryReport } from '../../src/app/history.ts';
import { closePeriod, reopenSheet, reviewSheet } from '../../src/app/review.ts';
import type { BotDeps } from '../../src/bot/deps.ts';
import { consoleMessenger, readInbox } from '../../src/channels/console/inbox.ts';
import type { Card } from '../../src/conversation/model.ts';
import { workCalendar } from '../../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders } from '../../src/reminders/sweep.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import {
  buttonLabelled,
  cardOf,
  consoleBot,
  demoUser,
  inputsOf,
  press,
  say,
  textOf,
} from '../support/bot.ts';
import { demoMobile, revisionCount, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
let now: Date;
let bot: BotDeps;
storeEachTest((s) => {
  store = s;
  now = new Date('2023-03-27T02:00:00Z');
  bot = consoleBot(store, () => now);
});

const COUNTY = () => demoUser('county', '竹山县');
const LEAD = () => demoUser('lead_unit', '省委宣传部');
const BUREAU = () => demoUser('bureau', '省乡村振兴局');

async function inbox(userId: string): Promise<Card[]> {
  return (await readInbox(mailboxOf(store), { kind: 'user', platform: 'console', userId })).map((m) =>
    cardOf(m.reply),
  );
}

async function submitA2(fundsActual: string): Promise<void> {
  const opened = await say(bot, COUNTY(), '填报 附件2');
  const card = cardOf(opened.replies[0]);
  const values: Record<string, string> = {};
  for (const input of inputsOf(card)) values[input.name] = input.value ?? '1';
  Object.assign(values, {
    trainingActual: '5',
    trainTech: '1',
    trainLeaders: '1',
    trainFarming: '1',
    trainJobs: '1',
    trainOther: '1',
    fundsActual,
  });
  const saved = await press(bot, COUNTY(), buttonLabelled(card, '提交'), values);
  expect(saved.toast?.tone).toBe('success');
}

async function unreportedText(userId: string): Promise<string> {
  return textOf(cardOf((await say(bot, userId, '谁还没报 附件2')).replies[0]));
}

/** The L2 line of "竹山县 情况" as the asker sees it. */
async function countyLine(userId: string): Promise<string | undefined> {
  const text = textOf(cardOf((await say(bot, userId, '竹山县 情况')).replies[0]));
  return text.split('\n').find((l) => l.startsWith('附件2 '));
}

/** "我的提交" as the asker sees it. */
async function myHistory(userId: string): Promise<string> {
  return textOf(cardOf((await say(bot, userId, '我的提交')).replies[0]));
}

describe('review: submit → return → correct → confirm', () => {
  it('walks the whole round, with status, history and reminders following each step', async () => {
    await submitA2('10');
    expect(await countyLine(LEAD())).toMatch(/：已报待确认$/);
    expect(await myHistory(COUNTY())).toMatch(/第1版 · .* · 已报待确认$/m);
    const [review] = await inbox(LEAD());
    expect(review?.title).toBe('请审核：竹山县 2023年第一季度 省直单位定点帮扶工作情况台账');
    expect(textOf(review ?? { title: '', tone: 'info', blocks: [] })).toContain('这是第一版');

    // Returning needs a reason.
    const noReason = await press(bot, LEAD(), buttonLabelled(review as Card, '退回'), { reason: ' ' });
    expect(noReason.toast).toEqual({ tone: 'danger', text: '退回须填写原因' });
    const returned = await press(bot, LEAD(), buttonLabelled(review as Card, '退回'), {
      reason: '实际投入资金与拨付凭证不符',
    });
    expect(returned.update?.title).toContain('已退回');
    const [notice] = await inbox(COUNTY());
    expect(textOf(notice as Card)).toContain('原因：实际投入资金与拨付凭证不符');
    expect(await unreportedText(LEAD())).toContain('竹山县（退回修改）');
    expect(await countyLine(COUNTY())).toMatch(/：退回修改$/);
    // Who returned it, when (Beijing time: now is 02:00 UTC) and why, under the version returned.
    expect(await myHistory(COUNTY())).toContain(
      [
        '2023-03-27 10:00 2023年第一季度 竹山县 附件2 省直定点帮扶 第1版 · 陈志强（演示） · 卡片 · 退回修改',
        '  首次报送，共1行',
        '  省委宣传部 丁建国（演示） 于 2023-03-27 10:00 退回，原因：实际投入资金与拨付凭证不符',
      ].join('\n'),
    );

    // A reminder sweep between the return and the correction reminds the county, not the lead unit.
    const sweepAt = new Date('2023-03-28T09:05:00+08:00');
    await runDueReminders(
      {
        store,
        messenger: consoleMessenger(mailboxOf(store), () => sweepAt),
        worker: 'w',
        calendar: workCalendar([]),
        settings: DEFAULT_REMINDER_SETTINGS,
      },
      sweepAt,
    );
    const l2 = await store.db
      .selectFrom('reminders')
      .select(['unit_id', 'kind'])
      .where('obligation', '=', 'L2')
      .where('county_id', '=', 'county:竹山县')
      .execute();
    expect(l2).toEqual([{ unit_id: 'county:竹山县', kind: 'before' }]);

    // The next morning the county corrects from the button in the notice; the lead unit gets the new
    // revision with the change.
    now = new Date('2023-03-28T03:00:00Z');
    const opened = await press(bot, COUNTY(), buttonLabelled(notice as Card, '打开表单修改'));
    const values: Record<string, string> = {};
    for (const input of inputsOf(opened.update as Card)) values[input.name] = input.value ?? '';
    await press(bot, COUNTY(), buttonLabelled(opened.update as Card, '提交'), {
      ...values,
      fundsActual: '12',
    });
    const reviews = (await inbox(LEAD())).filter((c) => c.title.startsWith('请审核'));
    expect(reviews).toHaveLength(2);
    const second = reviews[1] as Card;
    expect(textOf(second)).toContain('实际投入帮扶资金：10.00万元 → 12.00万元');
    expect(await unreportedText(LEAD())).toContain('已全部报送');

    // The stale first card can no longer decide anything; the new one is confirmed.
    expect(
      (await press(bot, LEAD(), buttonLabelled(review as Card, '确认'), { reason: '' })).toast?.text,
    ).toContain('已提交第2版');
    expect((await press(bot, LEAD(), buttonLabelled(second, '确认'), { reason: '' })).toast?.text).toBe(
      '已确认',
    );
    expect(await countyLine(LEAD())).toMatch(/：已确认$/);
    // Newest first: each version with what changed from the one before and who decided it, when.
    const lines = (await myHistory(COUNTY())).split('\n');
    expect(lines.slice(lines.findIndex((l) => /第\d+版/.test(l)))).toEqual([
      '2023-03-28 11:00 2023年第一季度 竹山县 附件2 省直定点帮扶 第2版 · 陈志强（演示） · 卡片 · 已确认',
      '  较第1版改动：',
      '  · 省委宣传部 实际投入帮扶资金：10.00万元 → 12.00万元',
      '  省委宣传部 丁建国（演示） 于 2023-03-28 11:00 确认',
      '2023-03-27 10:00 2023年第一季度 竹山县 附件2 省直定点帮扶 第1版 · 陈志强（演示） · 卡片 · 退回修改',
      '  首次报送，共1行',
      '  省委宣传部 丁建国（演示） 于 2023-03-27 10:00 退回，原因：实际投入资金与拨付凭证不符',
    ]);

    const history = await sheetHistoryReport(store, { county: '竹山县', ledger: 'a2', period: '2023Q1' });
    if (!history.ok) throw new Error('history');
    expect(history.entries.map((e) => e.revision.revision)).toEqual([1, 2]);
    expect(history.events.map((e) => [e.event.action, e.event.revision, e.unitName, e.event.reason])).toEqual(
      [
        ['return', 1, '省委宣传部', '实际投入资金与拨付凭证不符'],
        ['confirm', 2, '省委宣传部', ''],
      ],
    );
  });
});

describe('who may review', () => {
  const OUTSIDERS = [
    ['county', '竹山县'],
    ['county', '房县'],
    ['lead_unit', '省住建厅'],
    ['city', '十堰市'],
    ['helper', '襄阳市襄州区'],
    ['central_unit', '国家电网'],
  ] as const;

  it('refuses everyone but the county’s lead unit and the bureau, to confirm and to return', async () => {
    await submitA2('10');
    const attempt = (as: string, decision: 'confirm' | 'return') =>
      reviewSheet(
        store,
        {
          as,
          ledger: 'a2',
          period: '2023Q1',
          county: '竹山县',
          revision: 1,
          decision,
          reason: '数字有误',
        },
        now,
      );
    for (const decision of ['confirm', 'return'] as const) {
      for (const [kind, name] of OUTSIDERS) {
        const result = await attempt(demoMobile(kind, name), decision);
        expect(result.ok, `${kind} ${name} ${decision}`).toBe(false);
        expect(!result.ok && result.problems[0]?.code).toBe('not_reviewer');
      }
    }
    // Nothing the outsiders tried was recorded.
    const history = await sheetHistoryReport(store, { county: '竹山县', ledger: 'a2', period: '2023Q1' });
    expect(history.ok && history.events).toEqual([]);
    expect((await attempt(demoMobile('lead_unit', '省委宣传部'), 'return')).ok).toBe(true);
    expect((await attempt(demoMobile('bureau', '省乡村振兴局'), 'confirm')).ok).toBe(true);
  });

  it('refuses a return by card from another lead unit: the card is no pass', async () => {
    await submitA2('10');
    const [review] = await inbox(LEAD());
    const other = demoUser('lead_unit', '省住建厅');
    const pressed = await press(bot, other, buttonLabelled(review as Card, '退回'), { reason: '不对' });
    expect(pressed.toast).toEqual({
      tone: 'danger',
      text: '省直单位定点帮扶工作情况台账由竹山县的省直牵头单位审核，您的单位不能确认或退回',
    });
    expect(await inbox(COUNTY())).toEqual([]);
  });

  it('lets only the bureau close a period and reopen a sheet', async () => {
    for (const [kind, name] of [...OUTSIDERS, ['lead_unit', '省委宣传部'] as const]) {
      const as = demoMobile(kind, name);
      const closed = await closePeriod(store, { as, period: '2023Q1' }, now);
      expect(!closed.ok && closed.problems[0]?.code, `${kind} ${name}`).toBe('not_bureau');
    }
    expect(
      (await closePeriod(store, { as: demoMobile('bureau', '省乡村振兴局'), period: '2023Q1' }, now)).ok,
    ).toBe(true);
    for (const [kind, name] of [...OUTSIDERS, ['lead_unit', '省委宣传部'] as const]) {
      const as = demoMobile(kind, name);
      const reopened = await reopenSheet(
        store,
        { as, period: '2023Q1', county: '竹山县', ledger: 'a2' },
        now,
      );
      expect(!reopened.ok && reopened.problems[0]?.code, `${kind} ${name}`).toBe('not_bureau');
    }
  });

  it('sends no review for a ledger the county’s own submission settles (附件4)', async () => {
    const list = cardOf((await say(bot, COUNTY(), '填报 附件4')).replies[0]);
    await press(bot, COUNTY(), buttonLabelled(list, '本期无此项'));
    expect(await inbox(LEAD())).toEqual([]);
  });
});

describe('late submissions', () => {
  it('are accepted before closing and marked with how late; after closing even a first submission is refused', async () => {
    now = new Date('2023-04-03T02:00:00Z'); // three days after March 31
    await submitA2('10');
    expect(await countyLine(LEAD())).toMatch(/：已报待确认（逾期3天报送）$/);
    const [review] = await inbox(LEAD());
    await press(bot, LEAD(), buttonLabelled(review as Card, '确认'), { reason: '' });
    expect(await countyLine(COUNTY())).toMatch(/：已确认（逾期3天报送）$/);
    // Not yet in: overdue, and said so.
    const fang = textOf(cardOf((await say(bot, BUREAU(), '房县 情况')).replies[0]));
    expect(fang).toMatch(/^附件2 .*：未报（已逾期3天）$/m);

    expect((await say(bot, BUREAU(), '封账 2023Q1')).replies[0]).toMatchObject({ kind: 'text' });
    const card = cardOf((await say(bot, demoUser('county', '房县'), '填报 附件2 一季度')).replies[0]);
    const values: Record<string, string> = {};
    for (const input of inputsOf(card)) values[input.name] = input.value ?? '1';
    const before = await revisionCount(store);
    const refused = await press(bot, demoUser('county', '房县'), buttonLabelled(card, '提交'), {
      ...values,
      trainingActual: '5',
      trainTech: '1',
      trainLeaders: '1',
      trainFarming: '1',
      trainJobs: '1',
      trainOther: '1',
    });
    expect(refused.toast?.tone).toBe('danger');
    expect(textOf(refused.update as Card)).toContain(
      '2023Q1已封账，房县的省直单位定点帮扶工作情况台账不能再修改',
    );
    expect(await revisionCount(store)).toBe(before);
  });
});

describe('closing a period', () => {
  it('refuses corrections after 封账, names who can reopen, and takes them after a reopen', async () => {
    await submitA2('10');
    expect((await say(bot, COUNTY(), '封账 2023Q1')).replies[0]).toEqual({
      kind: 'text',
      text: expect.stringContaining('只有省乡村振兴局'),
    });
    expect((await say(bot, BUREAU(), '封账 2023Q1')).replies[0]).toEqual({
      kind: 'text',
      text: expect.stringContaining('已封账：2023年第一季度'),
    });
    now = new Date('2023-04-10T02:00:00Z');
    const before = await revisionCount(store);
    const card = cardOf((await say(bot, COUNTY(), '填报 附件2 一季度')).replies[0]);
    const values: Record<string, string> = {};
    for (const input of inputsOf(card)) values[input.name] = input.value ?? '';
    const refused = await press(bot, COUNTY(), buttonLabelled(card, '提交'), {
      ...values,
      fundsActual: '15',
    });
    expect(refused.toast?.tone).toBe('danger');
    expect(textOf(refused.update as Card)).toContain(
      '2023Q1已封账，竹山县的省直单位定点帮扶工作情况台账不能再修改。如需更正，请联系省乡村振兴局重新打开',
    );
    expect(await revisionCount(store)).toBe(before);

    expect((await say(bot, BUREAU(), '重新打开 竹山 附件2 2023Q1')).replies[0]).toEqual({
      kind: 'text',
      text: '2023年第一季度 · 附件2 省直定点帮扶 · 竹山县\n已重新打开：竹山县 2023年第一季度 省直单位定点帮扶工作情况台账，可以修改。',
    });
    const accepted = await press(bot, COUNTY(), buttonLabelled(card, '提交'), {
      ...values,
      fundsActual: '15',
    });
    expect(accepted.toast?.text).toBe('已保存（第2版），等待省委宣传部（省直牵头单位）确认');
    const history = await sheetHistoryReport(store, { county: '竹山县', ledger: 'a2', period: '2023Q1' });
    expect(history.ok && history.events.map((e) => e.event.action)).toEqual(['reopen']);
    expect(history.ok && history.closures.map((c) => c.action)).toEqual(['close']);
  });
});
