// Review and closing from the command line: `status` shows 已报待确认 / 已确认 / 退回修改 and late marks,
// `close` and `reopen` go through the same use cases and the same rule (the bureau only) as chat, and
// `history` tells every step in order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewSheet } from '../../src/app/review.ts';
import { demoMobile, root, type TempDb, tempDb } from '../support/demo-store.ts';
import { cliFor, revisionRows, seedRoster } from '../support/excel.ts';

const BUREAU = demoMobile('bureau', '省乡村振兴局');
const LEAD = demoMobile('lead_unit', '省委宣传部'); // 竹山县's lead unit
const ZHUSHAN = demoMobile('county', '竹山县');
const YUNXI = demoMobile('county', '郧西县');

let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
  await seedRoster(cliFor(db, new Date('2023-03-20T02:00:00Z')));
});
afterEach(() => db.cleanup());

/** The CLI as it runs at a Beijing time. */
const at = (local: string) => cliFor(db, new Date(`${local}+08:00`));

const FIXTURE = (
  JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as {
    rows: Record<string, unknown>[];
  }
).rows[0];

/** A 附件2 body file with one row (省委宣传部) and the given 实际投入帮扶资金. */
function body(reporter: string, fundsActual: string): string {
  const path = join(db.dir, `a2-${reporter.slice(0, 3)}-${fundsActual}.json`);
  writeFileSync(
    path,
    JSON.stringify({ reporter, rows: [{ ...FIXTURE, '实际投入帮扶资金(万元)': fundsActual }] }),
  );
  return path;
}

async function decide(
  who: string,
  decision: 'confirm' | 'return',
  revision: number,
  now: string,
  reason = '',
) {
  const store = await db.open();
  try {
    return await reviewSheet(
      store,
      { as: who, ledger: 'a2', period: '2023Q1', county: '竹山县', revision, decision, reason },
      new Date(`${now}+08:00`),
    );
  } finally {
    await store.close();
  }
}

const line = (out: string, county: string) => out.split('\n').find((l) => l.trim().startsWith(`${county}：`));

describe('status, close, reopen and history from the command line', () => {
  it('follows a sheet through 已报待确认 → 退回修改 → 封账 → 重新打开 → 已确认, with a late county marked', async () => {
    const submitted = await at('2023-03-28T10:00')(
      'submit',
      '--as',
      ZHUSHAN,
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      body('王某 17000000010', '10'),
    );
    expect(submitted.code, submitted.out).toBe(0);
    let status = await at('2023-03-28T11:00')('status', '--period', '2023Q1', '--ledger', 'a2');
    expect(line(status.out, '竹山县')).toBe('  竹山县：已报待确认（第1版，2023-03-28）');
    expect(status.out).toContain(
      '应报 37，已报 1（已确认 0，已报待确认 1），退回修改 0，未报 36，逾期报送 0，完成率 2.7%',
    );

    expect(await decide(LEAD, 'return', 1, '2023-03-29T09:00', '资金与凭证不符')).toMatchObject({ ok: true });
    status = await at('2023-04-01T09:00')('status', '--period', '2023Q1', '--ledger', 'a2');
    expect(line(status.out, '竹山县')).toBe('  竹山县：退回修改（第1版，2023-03-28），已逾期1天');
    expect(status.out).toContain('已报 0（已确认 0，已报待确认 0），退回修改 1，未报 36');
    const json = JSON.parse(
      (await at('2023-04-01T09:00')('status', '--period', '2023Q1', '--ledger', 'a2', '--json')).out,
    ) as {
      obligations: { returned: { county: string }[]; notReported: { county: string }[] }[];
    };
    expect(json.obligations[0]?.returned.map((r) => r.county)).toEqual(['竹山县']);
    expect(json.obligations[0]?.notReported.map((r) => r.county)).not.toContain('竹山县');

    // 郧西县 reports three days late, before the period is closed: accepted, and marked so.
    const late = await at('2023-04-03T15:00')(
      'submit',
      '--as',
      YUNXI,
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      body('刘海燕 17000000003', '8'),
    );
    expect(late.code, late.out).toBe(0);
    status = await at('2023-04-04T09:00')('status', '--period', '2023Q1', '--ledger', 'a2');
    expect(line(status.out, '郧西县')).toBe('  郧西县：已报待确认（第1版，2023-04-03，逾期3天报送）');
    expect(status.out).toContain('逾期报送 1');

    // Only the bureau closes, and only the bureau reopens.
    const notBureau = await at('2023-04-10T09:00')('close', '--period', '2023Q1', '--as', LEAD);
    expect(notBureau.code).toBe(1);
    expect(notBureau.out).toContain('只有省乡村振兴局可以封账或重新打开');
    const early = await at('2023-04-10T09:00')(
      'reopen',
      '--period',
      '2023Q1',
      '--county',
      '竹山县',
      '--ledger',
      'a2',
      '--as',
      BUREAU,
    );
    expect(early.code).toBe(1);
    expect(early.out).toContain('2023Q1尚未封账，无需重新打开');
    const closed = await at('2023-04-10T09:30')('close', '--period', '2023q1', '--as', BUREAU);
    expect(closed.code, closed.out).toBe(0);
    expect(closed.out).toContain('已封账：2023Q1。此后修改需由省乡村振兴局重新打开。');

    // After closing a correction is refused, naming who can reopen; nothing is written.
    const rows = await revisionRows(db);
    const refused = await at('2023-04-11T09:00')(
      'submit',
      '--as',
      ZHUSHAN,
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      body('王某 17000000010', '12'),
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(
      '2023Q1已封账，竹山县的省直单位定点帮扶工作情况台账不能再修改。如需更正，请联系省乡村振兴局重新打开',
    );
    expect(await revisionRows(db)).toBe(rows);

    const countyReopen = await at('2023-04-11T09:05')(
      'reopen',
      '--period',
      '2023Q1',
      '--county',
      '竹山县',
      '--ledger',
      'a2',
      '--as',
      ZHUSHAN,
    );
    expect(countyReopen.code).toBe(1);
    expect(countyReopen.out).toContain('只有省乡村振兴局可以封账或重新打开');
    const reopened = await at('2023-04-11T10:00')(
      'reopen',
      '--period',
      '2023Q1',
      '--county',
      '竹山县',
      '--ledger',
      '附件2',
      '--as',
      BUREAU,
      '--reason',
      '县里更正退回的资金数',
    );
    expect(reopened.code, reopened.out).toBe(0);
    expect(reopened.out).toContain('已重新打开：竹山县 2023Q1 省直单位定点帮扶工作情况台账，可以修改。');

    const corrected = await at('2023-04-11T11:00')(
      'submit',
      '--as',
      ZHUSHAN,
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      body('王某 17000000010', '12'),
    );
    expect(corrected.code, corrected.out).toBe(0);
    expect(corrected.out).toContain('第2版');
    expect(await decide(LEAD, 'confirm', 2, '2023-04-11T15:00')).toMatchObject({ ok: true });
    status = await at('2023-04-12T09:00')('status', '--period', '2023Q1', '--ledger', 'a2');
    expect(line(status.out, '竹山县')).toBe('  竹山县：已确认（第2版，2023-03-28）');

    // The history tells every step in order, with who and why, and the state it ends in.
    const history = await at('2023-04-12T09:00')(
      'history',
      '--county',
      '竹山县',
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
    );
    const steps = history.out
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('  '));
    expect(steps).toEqual([
      '竹山县 2023Q1 省直单位定点帮扶工作情况台账 的报送记录',
      expect.stringMatching(/^第1版 · 2023-03-28 10:00 · .*（竹山县）· 来源：.* · 1行$/),
      '2023-03-29 09:00 · 省委宣传部 丁建国（演示） 退回第1版，原因：资金与凭证不符',
      '2023-04-10 09:30 · 省乡村振兴局 李丽华（演示） 封账2023Q1',
      '2023-04-11 10:00 · 省乡村振兴局 李丽华（演示） 重新打开了本表，原因：县里更正退回的资金数',
      expect.stringMatching(/^第2版 · 2023-04-11 11:00 · .*（竹山县）/),
      '2023-04-11 15:00 · 省委宣传部 丁建国（演示） 确认了第2版',
      '当前状态：已确认',
    ]);
    expect(history.out).toContain('实际投入帮扶资金：10.00万元 → 12.00万元');
    const yunxi = await at('2023-04-12T09:00')(
      'history',
      '--county',
      '郧西县',
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      '--json',
    );
    const parsed = JSON.parse(yunxi.out) as { state: string; daysLate: number; due: string };
    expect(parsed).toMatchObject({ state: 'pending', daysLate: 3, due: '2023-03-31' });
    const yunxiText = await at('2023-04-12T09:00')(
      'history',
      '--county',
      '郧西县',
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
    );
    expect(yunxiText.out).toContain('· 逾期3天报送（截止2023-03-31）');
    expect(yunxiText.out).toContain('当前状态：已报待确认');
  });

  it('refuses an unknown operator, a bad period and an unknown county in Chinese with exit 1', async () => {
    const cli = at('2023-04-10T09:00');
    const stranger = await cli('close', '--period', '2023Q1', '--as', '13900000000');
    expect(stranger.code).toBe(1);
    expect(stranger.out).toContain('名册中没有联系人“13900000000”');
    const period = await cli('close', '--period', '2023Q5', '--as', BUREAU);
    expect(period.code).toBe(1);
    expect(period.out).toContain('2023Q5');
    expect((await cli('close', '--period', '2023Q1', '--as', BUREAU)).code).toBe(0);
    const county = await cli(
      'reopen',
      '--period',
      '2023Q1',
      '--county',
      '北京',
      '--ledger',
      'a2',
      '--as',
      BUREAU,
      '--json',
    );
    expect(county.code).toBe(1);
    expect((JSON.parse(county.out) as { problems: { code: string }[] }).problems[0]?.code).toBe(
      'county_unknown',
    );
    expect((await cli('reopen', '--period', '2023Q1', '--as', BUREAU)).code).toBe(2); // usage
  });
});
