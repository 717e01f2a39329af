import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../src/excel/import.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { demoMobile, type TempDb, tempDb } from '../support/demo-store.ts';
import {
  type Cli,
  cliFor,
  exportedYunyangA2,
  readXlsx,
  revisionRows,
  seedRoster,
  sheet,
  shiftedCopy,
  writeXlsx,
} from '../support/excel.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const YUNYANG = demoMobile('county', '郧阳区');

let db: TempDb;
let cli: Cli;
let exported: string;
let rowsBefore: number;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, NOW);
  await seedRoster(cli);
  exported = await exportedYunyangA2(cli, db, YUNYANG);
  rowsBefore = await revisionRows(db);
});
afterEach(() => db.cleanup());

/** Imports as 郧阳区's clerk; the database must be as before whatever the answer. */
async function refused(file: string, ...extra: string[]): Promise<string> {
  const result = await cli('import', '--as', YUNYANG, ...extra, file);
  expect(result.code, result.out).toBe(1);
  expect(result.out).toContain('未导入，数据库没有任何改动');
  expect(await revisionRows(db)).toBe(rowsBefore);
  return result.out;
}

/** The exported sheet with one change, saved as a new file. */
async function edited(name: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const workbook = await readXlsx(exported);
  edit(sheet(workbook, '附件2'));
  const path = join(db.dir, name);
  await writeXlsx(workbook, path);
  return path;
}

describe('broken workbooks get a clear answer and save nothing', () => {
  it('a text file renamed .xlsx, and an old .xls', async () => {
    const txt = join(db.dir, 'notes.xlsx');
    writeFileSync(txt, '郧阳区 一季度 实际投入帮扶资金 35.5 万元\n');
    expect(await refused(txt)).toContain('这个文件不是 Excel 工作簿（.xlsx），无法读取');
    const xls = join(db.dir, 'old.xlsx');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(await refused(xls)).toContain('旧版 Excel 97-2003（.xls）格式');
    const truncated = join(db.dir, 'truncated.xlsx');
    writeFileSync(truncated, Buffer.from('PK\u0003\u0004 broken zip'));
    expect(await refused(truncated)).toContain('内容已损坏或不完整');
  });

  it('a workbook whose only sheet is empty', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    const empty = join(db.dir, 'empty.xlsx');
    await writeXlsx(workbook, empty);
    expect(await refused(empty)).toContain('工作簿里没有任何内容（所有工作表都是空的）');
  });

  it('a sheet that is no ledger, and a ledger sheet without its header', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').getCell('A1').value = '请于季度末报送';
    const other = join(db.dir, 'other.xlsx');
    await writeXlsx(workbook, other);
    expect(await refused(other)).toContain('工作表“说明”：认不出是哪一张台账');
    const headless = await edited('headless.xlsx', (ws) => {
      for (let c = 1; c <= 24; c++) for (const r of [3, 4]) ws.getCell(r, c).value = null;
    });
    expect(await refused(headless)).toContain(
      '附件2：找不到表头。表头应包含“省直定点帮扶单位”“主要负责同志”“处级”等栏目',
    );
  });

  it('a header moved down 3 rows and right 2 columns still imports, naming the moved Excel rows', async () => {
    const original = sheet(await readXlsx(exported), '附件2');
    const shifted = shiftedCopy(original, 3, 2);
    const ws = sheet(shifted, '附件2');
    expect(ws.getCell('C4').value).toBe('2023年省直单位定点帮扶工作情况台账');
    expect(ws.getCell('J6').value).toBe('实际投入帮扶资金(万元)');
    ws.getCell('J6').value = '实际投入帮扶资金（万元）'; // full-width brackets, as typed in WPS
    ws.getCell('J8').value = ' 36 ';
    const path = join(db.dir, 'shifted.xlsx');
    await writeXlsx(shifted, path);

    const result = await cli('import', '--as', YUNYANG, '--json', path);
    expect(result.code, result.out).toBe(0);
    const json = JSON.parse(result.out) as {
      saved: { ledger: string; period: string; revision: number; rows: number }[];
    };
    expect(json.saved).toEqual([
      expect.objectContaining({ ledger: 'a2', period: '2023Q1', revision: 2, rows: 1 }),
    ]);

    ws.getCell('P8').value = 91; // 实际开展各类培训 no longer the sum of its five parts
    await writeXlsx(shifted, path);
    const out = await cli('import', '--as', YUNYANG, path);
    expect(out.code).toBe(1);
    expect(out.out).toMatch(/附件2 第8行 【不能提交·分项合计】实际开展各类培训/);
  });

  it('text in a money cell names 附件2, the Excel row and the column label', async () => {
    const path = await edited('text-money.xlsx', (ws) => {
      ws.getCell('H5').value = '三十五万';
    });
    expect(await refused(path)).toContain(
      '附件2 第5行 实际投入帮扶资金：应为不小于0、最多4位小数的万元数（收到“三十五万”）',
    );
  });

  it('a county outside the sender’s scope is refused at its row', async () => {
    const path = await edited('other-county.xlsx', (ws) => {
      ws.getCell('B5').value = '房县';
    });
    expect(await refused(path)).toContain('附件2 第5行 房县不在您单位的帮扶范围内，不能报送或查看');
  });

  it('a sheet that names no quarter needs --period', async () => {
    const path = await edited('no-quarter.xlsx', (ws) => {
      ws.getCell('M2').value = '填报时间：2023年4月3日';
    });
    expect(await refused(path)).toContain('附件2没有写明季度');
    const result = await cli('import', '--as', YUNYANG, '--period', '2023Q1', '--dry-run', path);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('附件2 2023Q1 郧阳区：1行，与已报第1版相同');
  });

  it('two sheets for the same county, ledger and period', async () => {
    const workbook = await readXlsx(exported);
    shiftedCopy(sheet(workbook, '附件2'), 0, 0, workbook, '附件2 (2)');
    const path = join(db.dir, 'twice.xlsx');
    await writeXlsx(workbook, path);
    expect(await refused(path)).toContain(
      '附件2（工作表“附件2 (2)”）与附件2都是郧阳区 2023Q1 的省直单位定点帮扶工作情况台账，请只保留一张',
    );
  });

  it('a 20 MB file is refused by its size before it is read', async () => {
    const big = join(db.dir, 'big.xlsx');
    const bytes = Buffer.alloc(20 * 1024 * 1024);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    writeFileSync(big, bytes);
    expect(statSync(big).size).toBe(20 * 1024 * 1024);
    expect(await refused(big)).toContain('文件有20MB，超过10MB的上限，未读取');
    // The parser refuses it the same way when handed the bytes (a file sent in chat).
    const store = await db.open();
    const roster = await loadRoster(store);
    await store.close();
    const county = roster.units.find((u) => u.name === '郧阳区');
    if (!county) throw new Error('no 郧阳区');
    const parsed = await parseWorkbook(bytes, { roster, sender: county });
    expect(parsed.ok ? '' : parsed.problems[0]?.message).toContain('超过10MB的上限');
  });
});
