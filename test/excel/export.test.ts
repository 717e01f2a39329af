import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportWorkbook } from '../../src/app/excel.ts';
import { submitSheet } from '../../src/app/submit.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { demoMobile, demoStore, root, type TempDb } from '../support/demo-store.ts';
import { readXlsx, sheet } from '../support/excel.ts';

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

let store: SqliteStore;
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
  db.cleanup();
});

/** Exports through the use case, writes the file, and opens it again from disk. */
async function exported(query: { period: string; ledger?: string; as?: string }): Promise<ExcelJS.Workbook> {
  const result = await exportWorkbook(store, query, NOW);
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
    expect(ws.model.merges).toContain('A1:X1');
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
      '实际帮助销售农副产品',
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
    expect(ws.model.merges).toContain('A8:X8');
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
