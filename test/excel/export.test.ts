import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitImport, exportWorkbook } from '../../src/app/excel.ts';
import { reviewSheet } from '../../src/app/review.ts';
import { submitSheet } from '../../src/app/submit.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { demoMobile, demoStore, revisionCount, root, type TempDb } from '../support/demo-store.ts';
import { readXlsx, sheet, writeXlsx } from '../support/excel.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const A2 = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as {
  reporter: string;
  rows: Record<string, unknown>[];
};
const YUNXI_A2 = {
  reporter: '刘海燕 17000000003',
  rows: [{ ...A2.rows[0], 省直定点帮扶单位: '省发展改革委', '实际投入帮扶资金(万元)': '10.0001', 处级: 5 }],
};
const A5 = {
  reporter: '张建国 17000000002',
  rows: [
    {
      '帮扶市、县': '荆州市',
      '参与结对基层单位(乡镇、街道、学校、医院等)': '沙市区崇文街道',
      '参与结对基层单位(村、社区、学校、医院等)': '茶店镇樱桃沟村',
    },
    {
      '帮扶市、县': '荆州市',
      '参与结对基层单位(乡镇、街道、学校、医院等)': '沙市区中山街道',
      '参与结对基层单位(村、社区、学校、医院等)': '茶店镇东岳村',
    },
  ],
};

let store: OpenedStore;
let db: TempDb;
beforeEach(async () => {
  ({ store, db } = await demoStore());
  const submit = async (as: string, ledger: string, period: string, body: unknown) =>
    expect(await submitSheet(store, { as, ledger, period, body }, 'cli', NOW)).toMatchObject({
      kind: 'saved',
    });
  await submit(demoMobile('county', '郧阳区'), 'a2', '2023Q1', A2);
  await submit(demoMobile('county', '郧西县'), 'a2', '2023Q1', YUNXI_A2);
  await submit(demoMobile('county', '郧阳区'), 'a5', '2023', A5);
});
afterEach(async () => {
  await store.close();
  await db.cleanup();
});

/** Exports through the use case, writes the file, and opens it again from disk. */
async function exported(
  query: { period: string; ledger?: string; as?: string },
  at = NOW,
): Promise<ExcelJS.Workbook> {
  const result = await exportWorkbook(store, query, at);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  const path = join(db.dir, result.filename);
  writeFileSync(path, result.buffer);
  return readXlsx(path);
}

const text = (ws: ExcelJS.Worksheet, address: string) => ws.getCell(address).value;

describe('the exported workbook (附件2 in the attachment’s layout)', () => {
  it('has one sheet per attachment 1–5, the title merged across the table, 填报单位 and 填报时间', async () => {
    const workbook = await exported({ period: '2023Q1' });
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['附件1', '附件2', '附件3', '附件4', '附件5']);
    const ws = sheet(workbook, '附件2');
    expect(text(ws, 'A1')).toBe('2023年省直单位定点帮扶工作情况台账');
    expect(ws.model.merges).toContain('A1:Y1');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
    expect(text(ws, 'A2')).toBe('填报单位：省乡村振兴局');
    expect(text(ws, 'M2')).toBe('填报时间：2023年3月28日（2023年第一季度）');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
  });

  it('groups the header: a group over its fields, an ungrouped label over both header rows, units in ASCII brackets', async () => {
    const ws = sheet(await exported({ period: '2023Q1' }), '附件2');
    const merges = ws.model.merges;
    expect(text(ws, 'C3')).toBe('赴帮扶县调研指导(人次)');
    expect(merges).toContain('C3:E3');
    expect(['C4', 'D4', 'E4'].map((a) => text(ws, a))).toEqual(['主要负责同志', '处级', '科级以下']);
    expect(text(ws, 'O3')).toBe('实际开展培训情况(人次)');
    expect(merges).toContain('O3:S3');
    expect(text(ws, 'T3')).toBe('消费帮扶(万元)');
    expect(merges).toContain('T3:W3');
    expect(['T4', 'U4', 'V4', 'W4'].map((a) => text(ws, a))).toEqual([
      '计划购买农副产品',
      '实际购买农副产品',
      '计划帮助销售农副产品',
      '实际帮助销售农产品',
    ]);
    expect(text(ws, 'A3')).toBe('省直定点帮扶单位');
    expect(merges).toContain('A3:A4');
    expect(text(ws, 'F3')).toBe('选派挂职干部(人)');
    expect(text(ws, 'G3')).toBe('计划投入帮扶资金(万元)');
    expect(text(ws, 'H3')).toBe('实际投入帮扶资金(万元)');
    expect(text(ws, 'X3')).toBe('填报人及联系方式');
    expect(merges).toContain('X3:X4');
    expect(ws.getCell('G3').alignment).toMatchObject({ wrapText: true });
    expect(ws.getCell('G3').border?.top).toMatchObject({ style: 'thin' });
  });

  it('writes one row per stored row in roster order, money as numbers of 万元 with 0.00, counts with 0', async () => {
    const ws = sheet(await exported({ period: '2023Q1' }), '附件2');
    // 郧西 (xi) before 郧阳 (yang): counties by city, then pinyin.
    expect([text(ws, 'A5'), text(ws, 'B5'), text(ws, 'A6'), text(ws, 'B6')]).toEqual([
      '省发展改革委',
      '郧西县',
      '省委宣传部',
      '郧阳区',
    ]);
    expect(text(ws, 'H6')).toBe(35.5);
    expect(ws.getCell('H6').numFmt).toBe('0.00');
    expect(text(ws, 'H5')).toBe(10.0001);
    expect(text(ws, 'U6')).toBe(12.3456);
    expect(typeof text(ws, 'G6')).toBe('number');
    expect(text(ws, 'D5')).toBe(5);
    expect(ws.getCell('D5').numFmt).toBe('0');
    expect(text(ws, 'X6')).toBe('张建国 17000000002');
  });

  it('ends the table with 合计: SUM formulas carrying their value, then the numbered 备注', async () => {
    const ws = sheet(await exported({ period: '2023Q1' }), '附件2');
    expect(text(ws, 'A7')).toBe('合计');
    expect(text(ws, 'H7')).toEqual({ formula: 'SUM(H5:H6)', result: 45.5001 });
    expect(text(ws, 'G7')).toEqual({ formula: 'SUM(G5:G6)', result: 240 });
    expect(text(ws, 'D7')).toEqual({ formula: 'SUM(D5:D6)', result: 7 });
    expect(ws.getCell('H7').numFmt).toBe('0.00');
    expect(text(ws, 'A7')).not.toBeNull();
    expect(text(ws, 'B7')).toBeNull();
    expect(text(ws, 'A8')).toBe(
      '备注：1.此表于每个季度末，由37个乡村振兴重点帮扶县乡村振兴部门会商省直牵头单位汇总填报；',
    );
    expect(text(ws, 'A9')).toBe('2.此表填报本年度数据，不累计以往年度数据。');
    expect(ws.model.merges).toContain('A8:Y8');
  });

  it('numbers the rows of a many-row ledger (附件5, annual) and marks reconstructed ledgers in the 备注', async () => {
    const workbook = await exported({ period: '2023Q1' });
    const a5 = sheet(workbook, '附件5');
    expect(text(a5, 'A1')).toBe('2023年省内区域协作基层单位结对关系统计台账');
    expect(String(text(a5, 'D2'))).toContain('（2023年度）');
    expect([text(a5, 'A3'), text(a5, 'B3'), text(a5, 'C3')]).toEqual([
      '序号',
      '帮扶市、县',
      '参与结对基层单位(乡镇、街道、学校、医院等)',
    ]);
    expect([text(a5, 'A5'), text(a5, 'A6'), text(a5, 'D5'), text(a5, 'E6')]).toEqual([
      1,
      2,
      '郧阳区',
      '茶店镇东岳村',
    ]);
    expect(text(a5, 'A7')).toBe('合计');
    const a4 = sheet(workbook, '附件4');
    expect(text(a4, 'A5')).toBe('合计');
    expect(text(a4, 'J5')).toBe(0);
    expect(text(a4, 'A8')).toBe('3.本表栏目系根据通知正文重构，待省乡村振兴局提供正式模板后确认。');
  });

  it('is scoped to the asker: a county sees itself, a lead unit its county', async () => {
    const county = sheet(
      await exported({ period: '2023Q1', ledger: 'a2', as: demoMobile('county', '郧阳区') }),
      '附件2',
    );
    expect(text(county, 'A2')).toBe('填报单位：郧阳区');
    expect(text(county, 'B5')).toBe('郧阳区');
    expect(text(county, 'A6')).toBe('合计');
    const lead = await exported({
      period: '2023Q1',
      ledger: '附件2',
      as: demoMobile('lead_unit', '省委宣传部'),
    });
    expect(lead.worksheets.map((w) => w.name)).toEqual(['附件2']);
    expect(text(sheet(lead, '附件2'), 'A5')).toBe('合计');
  });

  it('exports a pledge form (附件6) when asked, for the year', async () => {
    const ws = sheet(await exported({ period: '2023Q1', ledger: 'a6' }), '附件6');
    expect(text(ws, 'A1')).toBe('2023年省直单位定点帮扶责任书');
    expect(String(text(ws, 'F2'))).toContain('（2023年度）');
    expect([text(ws, 'C3'), text(ws, 'I3'), text(ws, 'J3')]).toEqual([
      '投入帮扶资金(万元)',
      '签署日期',
      '填报人及联系方式',
    ]);
    expect(text(ws, 'A5')).toBe('合计');
  });

  it('refuses a ledger that is not an attachment and an unknown asker, in Chinese', async () => {
    const m1 = await exportWorkbook(store, { period: '2023', ledger: 'm1' }, NOW);
    expect(m1.ok ? [] : m1.problems.map((p) => p.message)).toEqual([
      '首次联席（协调）会议不是通知附件中的台账，不能导出为 Excel。可导出：附件1至附件7',
    ]);
    const stranger = await exportWorkbook(store, { period: '2023Q1', as: '13900000000' }, NOW);
    expect(stranger.ok ? '' : stranger.problems[0]?.message).toContain('名册中没有联系人“13900000000”');
  });
});

describe('the 审核状态 column of 附件1–3', () => {
  const BUREAU = demoMobile('bureau', '省乡村振兴局');
  const decide = async (county: string, decision: 'confirm' | 'return', reason = '') =>
    expect(
      await reviewSheet(
        store,
        { as: BUREAU, ledger: 'a2', period: '2023Q1', county, revision: 1, decision, reason },
        new Date('2023-03-29T03:00:00Z'),
      ),
    ).toMatchObject({ ok: true });
  /** The 审核状态 cell of a county's row on 附件2 (column Y, after 填报人及联系方式 in X). */
  const markOf = (ws: ExcelJS.Worksheet, county: string) => {
    const row = [5, 6, 7, 8].find((r) => ws.getCell(r, 2).value === county);
    return row === undefined ? undefined : ws.getCell(row, 25).value;
  };

  it('says per county row who confirmed and when, who returned and why, what awaits confirmation, and how late', async () => {
    await decide('郧阳区', 'confirm');
    await decide('郧西县', 'return', '处级人次与签到表不符');
    // 竹山县 sends after the March 31 deadline, to its lead unit 省委宣传部.
    const late = { ...A2, rows: [{ ...A2.rows[0], 省直定点帮扶单位: '省委宣传部' }] };
    expect(
      await submitSheet(
        store,
        { as: demoMobile('county', '竹山县'), ledger: 'a2', period: '2023Q1', body: late },
        'cli',
        new Date('2023-04-03T02:00:00Z'),
      ),
    ).toMatchObject({ kind: 'saved' });
    const ws = sheet(await exported({ period: '2023Q1' }, new Date('2023-04-04T02:00:00Z')), '附件2');
    expect(text(ws, 'X3')).toBe('填报人及联系方式');
    expect(text(ws, 'Y3')).toBe('审核状态');
    expect(ws.model.merges).toContain('Y3:Y4');
    expect(ws.getCell('Y3').font).toMatchObject({ bold: true });
    expect(markOf(ws, '郧阳区')).toBe('已确认（省乡村振兴局 李丽华（演示），2023-03-29）');
    expect(markOf(ws, '郧西县')).toBe(
      '退回修改（省乡村振兴局 李丽华（演示），2023-03-29）：处级人次与签到表不符',
    );
    expect(markOf(ws, '竹山县')).toBe('已报待确认；逾期3天报送');
    expect(ws.getCell(5, 25).border?.left).toMatchObject({ style: 'thin' });
    expect(ws.getCell(5, 25).alignment).toMatchObject({ wrapText: true });
    // The legend and the counties still missing close the 备注.
    expect(text(ws, 'A11')).toBe(
      '3.审核状态：“已确认”为省直牵头单位已确认的数据；“已报待确认”为县已报送、待牵头单位确认；“退回修改”为已退回县里修改、尚未重报，数据未定；“逾期N天报送”为在截止日（2023-03-31）后N天首次报送。',
    );
    const missing = String(text(ws, 'A12'));
    expect(missing).toMatch(/^4\.截至2023-04-04未报（34个县）：/);
    expect(missing).not.toContain('郧阳区');
    expect(missing).not.toContain('郧西县'); // returned: in the table, marked 退回修改
    expect(missing).toContain('房县');
  });

  it('marks 附件1 as settled by the county’s own submission; 附件4 and 附件5 have no such column', async () => {
    const workbook = await exported({ period: '2023Q1' });
    const a1 = sheet(workbook, '附件1');
    const last = a1.getRow(3).cellCount;
    expect(a1.getCell(3, last).value).toBe('审核状态');
    const notes = a1
      .getColumn(1)
      .values.filter((v): v is string => typeof v === 'string' && v.includes('审核状态'));
    expect(notes).toEqual([
      '4.审核状态：本表由县报送即确认（“已确认”）；“逾期N天报送”为在截止日（2023-03-31）后N天首次报送。',
    ]);
    for (const name of ['附件4', '附件5']) {
      const ws = sheet(workbook, name);
      const header = [3, 4].flatMap((r) => ws.getRow(r).values as unknown[]);
      expect(header, name).not.toContain('审核状态');
    }
  });

  it('is ignored on import: an exported workbook with its marks edited by hand re-imports as no change', async () => {
    await decide('郧西县', 'return', '处级人次与签到表不符');
    const workbook = await exported({ period: '2023Q1', ledger: 'a2' });
    const ws = sheet(workbook, '附件2');
    const row = [5, 6].find((r) => ws.getCell(r, 2).value === '郧西县') ?? 0;
    expect(ws.getCell(row, 25).value).toContain('退回修改');
    ws.getCell(row, 25).value = '已确认';
    const path = join(db.dir, 'marked.xlsx');
    await writeXlsx(workbook, path);
    const before = await revisionCount(store);
    const result = await commitImport(
      store,
      { as: BUREAU, period: '2023Q1', buffer: readFileSync(path) },
      NOW,
    );
    expect(result.ok && result.unchanged.map((p) => p.county.name).sort()).toEqual(['郧西县', '郧阳区']);
    expect(result.ok && result.saved).toEqual([]);
    expect(await revisionCount(store)).toBe(before);
  });
});
