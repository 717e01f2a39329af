import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sheetHistoryReport } from '../../src/app/history.ts';
import { statusReport } from '../../src/app/status.ts';
import { type SubmitOutcome, submitSheet } from '../../src/app/submit.ts';
import { unitId } from '../../src/domain/roster.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { appendRevision } from '../../src/store/revisions-repo.ts';
import { describeFinding, describeProblem } from '../../src/wording.ts';
import { demoMobile, revisionCount, root, storeEachTest } from '../support/demo-store.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const A2 = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as {
  reporter: string;
  rows: Record<string, unknown>[];
};
const YUNYANG = demoMobile('county', '郧阳区');

function withRow(change: Record<string, unknown>, drop: string[] = []) {
  const row = { ...A2.rows[0], ...change };
  for (const key of drop) delete row[key];
  return { ...A2, rows: [row] };
}

function messages(outcome: SubmitOutcome): string[] {
  if (outcome.kind === 'invalid') return outcome.problems.map(describeProblem);
  if (outcome.kind === 'refused') return outcome.findings.map(describeFinding);
  return [];
}

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});

describe('submitting 附件2 for one county', () => {
  it('stores revision 1, shows the county reported and the others not, and a second submission makes revision 2', async () => {
    const first = await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: A2 },
      'cli',
      NOW,
    );
    expect(first).toMatchObject({ kind: 'saved', revision: 1 });

    const status = await statusReport(store, { period: '2023Q1', ledger: '附件2' }, NOW);
    if (!status.ok) throw new Error('status failed');
    const [l2] = status.report.obligations;
    expect(l2?.obligation.id).toBe('L2');
    expect(l2?.progress).toMatchObject({ total: 37, reported: 1, notReported: 36, late: 0 });
    expect(l2?.items.filter((i) => i.state === 'reported').map((i) => i.owed.county.name)).toEqual([
      '郧阳区',
    ]);
    // Money comes back exactly: 35.5 万元 = 355000 元, 12.3456 万元 = 123456 元.
    const funds = status.report.summary?.totals.find((t) => t.key === 'fundsActual');
    expect(funds).toMatchObject({ total: 355_000, rate: 355_000 / 1_200_000 });
    expect(status.report.summary?.totals.find((t) => t.key === 'buyActual')?.total).toBe(123_456);

    const second = await submitSheet(
      store,
      { as: YUNYANG, ledger: 'L2', period: '2023Q1', body: withRow({ 实际投入帮扶资金: '40' }) },
      'cli',
      new Date('2023-03-29T02:00:00Z'),
    );
    expect(second).toMatchObject({ kind: 'saved', revision: 2 });

    const history = await sheetHistoryReport(store, { county: '郧阳区', ledger: 'a2', period: '2023Q1' });
    if (!history.ok) throw new Error('history failed');
    expect(history.entries.map((e) => e.revision.revision)).toEqual([1, 2]);
    expect(history.entries[0]?.contactName).toContain('演示');
    expect(history.entries[1]?.changes).toEqual([
      {
        kind: 'changed',
        row: '省委宣传部',
        field: 'fundsActual',
        label: '实际投入帮扶资金',
        before: '35.50万元',
        after: '40.00万元',
      },
    ]);
    // Both revisions stay stored: 2 × (header + 1 row).
    expect(await revisionCount(store)).toBe(4);
  });

  it('reads a column keyed by the notice’s header wording or by an older one (the aliases beside each field)', async () => {
    const sold = async (body: typeof A2) => {
      const outcome = await submitSheet(
        store,
        { as: YUNYANG, ledger: 'a2', period: '2023Q1', body },
        'cli',
        NOW,
      );
      const row = outcome.kind === 'saved' ? outcome.draft.sheet.rows[0] : undefined;
      return row ? [row.buyPlanned, row.sellActual] : messages(outcome);
    };
    // The fixture uses 实际帮助销售农副产品; the notice's header says 实际帮助销售农产品.
    expect(await sold(A2)).toEqual([500_000, 200_000]);
    const notice = withRow({ '实际帮助销售农产品(万元)': '21' }, ['实际帮助销售农副产品']);
    expect(await sold(notice)).toEqual([500_000, 210_000]);
    const both = withRow({ 计划购买农产品: '51', 实际帮助销售农产品: '22' }, [
      '计划购买农副产品',
      '实际帮助销售农副产品',
    ]);
    expect(await sold(both)).toEqual([510_000, 220_000]);
  });

  it('marks a submission after the due date as late, by how many days', async () => {
    await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: A2 },
      'cli',
      new Date('2023-04-03T01:00:00Z'),
    );
    const status = await statusReport(
      store,
      { period: '2023Q1', ledger: 'a2' },
      new Date('2023-04-05T01:00:00Z'),
    );
    if (!status.ok) throw new Error('status failed');
    const item = status.report.obligations[0]?.items.find((i) => i.owed.county.name === '郧阳区');
    expect(item).toMatchObject({ state: 'reported', daysLate: 3 });
    const missing = status.report.obligations[0]?.items.find((i) => i.owed.county.name === '郧西县');
    expect(missing).toMatchObject({ state: 'not_reported', daysOverdue: 5 });
  });
});

describe('bad input gets a Chinese message naming the field and changes nothing', () => {
  const cases: [string, () => Parameters<typeof submitSheet>[1], RegExp][] = [
    [
      'a negative amount',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 实际投入帮扶资金: '-3' }) }),
      /实际投入帮扶资金：应为不小于0、最多4位小数的万元数/,
    ],
    [
      'five decimals of 万元',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 计划投入帮扶资金: '1.00001' }) }),
      /计划投入帮扶资金：应为不小于0、最多4位小数的万元数/,
    ],
    [
      'text in a count',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 实施帮扶项目: '四个' }) }),
      /实施帮扶项目：应为不小于0的整数（单位：个/,
    ],
    [
      'a missing required field',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({}, ['选派挂职干部']) }),
      /选派挂职干部：必填/,
    ],
    [
      'a missing reporter',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: { rows: A2.rows } }),
      /填报人及联系方式：必填/,
    ],
    [
      'a county outside the submitter’s scope',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', county: '郧西县', body: A2 }),
      /郧西县不在您单位的帮扶范围内/,
    ],
    [
      'a lead unit writing for a county it does not lead',
      () => ({
        as: demoMobile('lead_unit', '省委宣传部'),
        ledger: 'a2',
        period: '2023Q1',
        county: '房县',
        body: A2,
      }),
      /房县不在您单位的帮扶范围内/,
    ],
    [
      'a lead unit writing its county’s ledger',
      () => ({
        as: demoMobile('lead_unit', '省委宣传部'),
        ledger: 'a2',
        period: '2023Q1',
        county: '竹山县',
        body: A2,
      }),
      /由竹山县或其责任单位报送，您的单位不能代报/,
    ],
    [
      'an unknown ledger',
      () => ({ as: YUNYANG, ledger: '附件9', period: '2023Q1', body: A2 }),
      /没有“附件9”这张台账/,
    ],
    [
      'an unknown period',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q5', body: A2 }),
      /报送期间“2023Q5”无法识别/,
    ],
    [
      'an annual period for a quarterly ledger',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023', body: A2 }),
      /按季度报送/,
    ],
    [
      'a period that has not begun',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q3', body: A2 }),
      /2023Q3 还没有开始/,
    ],
    [
      'an unknown contact',
      () => ({ as: '13900000000', ledger: 'a2', period: '2023Q1', body: A2 }),
      /名册中没有联系人“13900000000”/,
    ],
    [
      'an unknown column',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 奖金: 3 }) }),
      /未知栏目：奖金/,
    ],
    [
      'the wrong county in a county column',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 重点帮扶县: '房县' }) }),
      /重点帮扶县：此表报送的是郧阳区，不能填“房县”/,
    ],
    [
      'no rows at all',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: { reporter: 'x', rows: [] } }),
      /至少要填一行/,
    ],
    [
      'a body that is not a form',
      () => ({ as: YUNYANG, ledger: 'a2', period: '2023Q1', body: [1, 2] }),
      /报送内容应为一个表单/,
    ],
    [
      '附件1 from a county without central units (R6)',
      () => ({ as: demoMobile('county', '南漳县'), ledger: 'a1', period: '2023Q1', body: A2 }),
      /南漳县未承接中央单位定点帮扶/,
    ],
  ];
  for (const [name, request, expected] of cases) {
    it(`refuses ${name}`, async () => {
      const outcome = await submitSheet(store, request(), 'cli', NOW);
      expect(outcome.kind).not.toBe('saved');
      expect(messages(outcome).join('\n')).toMatch(expected);
      expect(await revisionCount(store)).toBe(0);
    });
  }

  it('names the row of a problem in a many-row sheet', async () => {
    const body = {
      reporter: '张 170',
      rows: [A2.rows[0], { ...A2.rows[0], 省直定点帮扶单位: '省民政厅', 实际投入帮扶资金: '1.123456' }],
    };
    const outcome = await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q1', body },
      'cli',
      NOW,
    );
    expect(messages(outcome)).toEqual([
      '第2行 实际投入帮扶资金：应为不小于0、最多4位小数的万元数（收到“1.123456”）',
    ]);
  });

  it('refuses a breakdown that does not add up (R5) and stores nothing', async () => {
    const outcome = await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 其他: 6 }) },
      'cli',
      NOW,
    );
    expect(outcome.kind).toBe('refused');
    expect(messages(outcome).join()).toMatch(
      /【不能提交·分项合计】.*实际开展各类培训90人次，与专业技术人员、农村致富带头人、农业实用技术、劳务就业培训、其他之和91人次不一致/,
    );
    expect(await revisionCount(store)).toBe(0);
  });
});

describe('year to date (R4) against the stored previous quarter', () => {
  it('refuses a figure that fell since Q1 and accepts one that grew', async () => {
    await submitSheet(store, { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: A2 }, 'cli', NOW);
    const q2 = new Date('2023-06-20T02:00:00Z');
    const fell = await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q2', body: withRow({ 实际投入帮扶资金: '30' }) },
      'cli',
      q2,
    );
    expect(fell.kind).toBe('refused');
    expect(messages(fell).join()).toMatch(/实际投入帮扶资金30.00万元，少于2023Q1已报的35.50万元/);
    const grew = await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q2', body: withRow({ 实际投入帮扶资金: '60' }) },
      'cli',
      q2,
    );
    expect(grew).toMatchObject({ kind: 'saved', revision: 1 });
  });
});

describe('status shows year-to-date falls left by a later correction', () => {
  it('lists the county whose Q2 figure is now below its corrected Q1 figure', async () => {
    await submitSheet(store, { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: A2 }, 'cli', NOW);
    const q2 = new Date('2023-06-20T02:00:00Z');
    await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q2', body: withRow({ 实际投入帮扶资金: '40' }) },
      'cli',
      q2,
    );
    const before = await statusReport(store, { period: '2023Q2', ledger: 'a2' }, q2);
    expect(before.ok && before.report.summary?.ytdFalls).toEqual([]);
    await submitSheet(
      store,
      { as: YUNYANG, ledger: 'a2', period: '2023Q1', body: withRow({ 实际投入帮扶资金: '50' }) },
      'cli',
      q2,
    );
    const after = await statusReport(store, { period: '2023Q2', ledger: 'a2' }, q2);
    if (!after.ok) throw new Error('status failed');
    expect(after.report.summary?.ytdFalls.map((f) => [f.countyName, f.findings.map((x) => x.field)])).toEqual(
      [['郧阳区', ['fundsActual']]],
    );
  });
});

describe('the bureau and declarations', () => {
  it('lets the bureau submit for any county, naming it', async () => {
    const outcome = await submitSheet(
      store,
      {
        as: demoMobile('bureau', '省乡村振兴局'),
        ledger: 'a2',
        period: '2023Q1',
        county: '鹤峰县',
        body: A2,
      },
      'cli',
      NOW,
    );
    expect(outcome).toMatchObject({ kind: 'saved', revision: 1 });
  });

  it('records a lead unit’s dated declaration (M1) for its county and shows it in status', async () => {
    const lead = demoMobile('lead_unit', '省委宣传部');
    const body = { reporter: '王 170', rows: [{ 召开日期: '2023年3月15日', 备注: '首次联席会议已召开' }] };
    const outcome = await submitSheet(
      store,
      { as: lead, ledger: 'M1', period: '2023', county: '竹山县', body },
      'cli',
      NOW,
    );
    expect(outcome).toMatchObject({ kind: 'saved' });
    const status = await statusReport(store, { period: '2023Q1', as: lead }, NOW);
    if (!status.ok) throw new Error('status failed');
    const m1 = status.report.obligations.find((o) => o.obligation.id === 'M1');
    expect(m1?.items.map((i) => [i.owed.county.name, i.state])).toEqual([['竹山县', 'reported']]);
  });

  it('does not take an M3 declaration with the visits but no joint meeting (notice 三 asks both)', async () => {
    const wufeng = demoMobile('county', '五峰土家族自治县');
    const visitOnly = {
      reporter: '李 170',
      rows: [{ '帮扶市、县(区)': '武汉市武昌区', 互访交流日期: '2023-05-10' }],
    };
    const before = await revisionCount(store);
    const outcome = await submitSheet(
      store,
      { as: wufeng, ledger: 'm3', period: '2023', body: visitOnly },
      'cli',
      new Date('2023-05-11T00:00:00Z'),
    );
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.problems.map(describeProblem)).toEqual(['第1行 联席（协调）会议召开日期：必填']);
    expect(await revisionCount(store)).toBe(before);
    const status = await statusReport(
      store,
      { period: '2023', ledger: 'm3', as: wufeng },
      new Date('2023-05-12T00:00:00Z'),
    );
    if (!status.ok) throw new Error('status failed');
    expect(status.report.obligations[0]?.items.map((i) => i.state)).toEqual(['not_reported', 'not_reported']);
  });

  it('does not count a visits-only M3 row saved before the meeting’s date was required', async () => {
    const wufeng = demoMobile('county', '五峰土家族自治县');
    const row = (helper: string, meetingOn: string | null) => ({
      key: `#${helper}`,
      values: { helper, visitedOn: '2023-05-10', meetingOn, note: null },
    });
    // As an older version stored it: the meeting's date was optional and left blank.
    await appendRevision(
      store,
      {
        form: 'm3',
        period: '2023',
        countyId: unitId('county', '五峰土家族自治县'),
        contactId: 'legacy',
        unitId: unitId('county', '五峰土家族自治县'),
        source: 'card',
        submittedAt: '2023-05-11T00:00:00.000Z',
        header: { reporter: '李 170', findings: [] },
        rows: [row('武汉市武昌区', null), row('武汉市江夏区', '2023-05-12')],
      },
      1,
    );
    const status = await statusReport(
      store,
      { period: '2023', ledger: 'm3', as: wufeng },
      new Date('2023-05-13T00:00:00Z'),
    );
    if (!status.ok) throw new Error('status failed');
    expect(status.report.obligations[0]?.items.map((i) => [i.owed.partner?.name, i.state])).toEqual([
      ['武汉市武昌区', 'not_reported'],
      ['武汉市江夏区', 'reported'],
    ]);
  });

  it('counts a regional pair’s declaration (M3) for that pair only', async () => {
    const wufeng = demoMobile('county', '五峰土家族自治县');
    const body = {
      reporter: '李 170',
      rows: [
        {
          '帮扶市、县(区)': '武汉市武昌区',
          互访交流日期: '2023-05-10',
          '联席（协调）会议召开日期': '2023-05-10',
        },
      ],
    };
    expect(
      await submitSheet(
        store,
        { as: wufeng, ledger: 'm3', period: '2023', body },
        'cli',
        new Date('2023-05-11T00:00:00Z'),
      ),
    ).toMatchObject({ kind: 'saved' });
    const status = await statusReport(
      store,
      { period: '2023', ledger: 'm3', as: wufeng },
      new Date('2023-05-12T00:00:00Z'),
    );
    if (!status.ok) throw new Error('status failed');
    const items = status.report.obligations[0]?.items.map((i) => [i.owed.partner?.name, i.state]);
    expect(items).toEqual([
      ['武汉市武昌区', 'reported'],
      ['武汉市江夏区', 'not_reported'],
    ]);
  });
});
