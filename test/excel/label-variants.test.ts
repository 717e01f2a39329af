// A workbook worded as the notice words it, or as older templates do, imports the same: the label
// variants are declared beside each field (FieldSpec.aliases) and each title (titleAliases).
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitId } from '../../src/domain/roster.ts';
import { currentSheets } from '../../src/store/revisions-repo.ts';
import { demoMobile, type TempDb, tempDb } from '../support/demo-store.ts';
import {
  type Cli,
  cliFor,
  exportedYunyangA2,
  readXlsx,
  revisionRows,
  seedRoster,
  sheet,
  writeXlsx,
} from '../support/excel.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const YUNYANG = demoMobile('county', '郧阳区');

let db: TempDb;
let cli: Cli;
let exported: string;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, NOW);
  await seedRoster(cli);
  exported = await exportedYunyangA2(cli, db, YUNYANG);
});
afterEach(() => db.cleanup());

/** The figures of 郧阳区's current 附件2 of 2023Q1, keyed by field. */
async function latestRow(): Promise<Record<string, unknown>> {
  const store = await db.open();
  try {
    const [current] = await currentSheets(store, 'a2', '2023Q1', [unitId('county', '郧阳区')]);
    return current?.rows[0]?.values ?? {};
  } finally {
    await store.close();
  }
}

describe('附件2 消费帮扶: the notice’s header and the older wording both import', () => {
  it('exports 实际帮助销售农产品 as the notice’s header says, and reads either wording of each column', async () => {
    const workbook = await readXlsx(exported);
    const ws = sheet(workbook, '附件2');
    expect(['T4', 'U4', 'V4', 'W4'].map((a) => ws.getCell(a).value)).toEqual([
      '计划购买农副产品',
      '实际购买农副产品',
      '计划帮助销售农副产品',
      '实际帮助销售农产品',
    ]);
    ws.getCell('W5').value = 21;
    const notice = join(db.dir, 'notice-wording.xlsx');
    await writeXlsx(workbook, notice);
    expect((await cli('import', '--as', YUNYANG, notice)).code).toBe(0);
    expect(await latestRow()).toMatchObject({ sellActual: 210_000 });

    // The wording of templates made before: 农副产品 throughout, or 农产品 throughout.
    ws.getCell('T4').value = '计划购买农产品';
    ws.getCell('W4').value = '实际帮助销售农副产品';
    ws.getCell('T5').value = 51;
    ws.getCell('W5').value = 22;
    const older = join(db.dir, 'older-wording.xlsx');
    await writeXlsx(workbook, older);
    const result = await cli('import', '--as', YUNYANG, older);
    expect(result.code, result.out).toBe(0);
    expect(await latestRow()).toMatchObject({ buyPlanned: 510_000, sellActual: 220_000 });
    expect(await revisionRows(db)).toBe(3 * 2);
  });
});

describe('a sheet titled as the attachment’s own header titles it', () => {
  it('is known as 附件3 by the notice’s header title, so its problem is named, not “unknown sheet”', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Sheet1');
    ws.getCell('A1').value = '2023年省内区域协作工作进展情况台账';
    ws.getCell('A3').value = '帮扶市、县(区)';
    ws.getCell('B3').value = '计划财政援助资金(万元)';
    ws.getCell('A4').value = '荆州市';
    ws.getCell('B4').value = 100;
    const path = join(db.dir, 'a3-notice-title.xlsx');
    await writeXlsx(workbook, path);
    const result = await cli('import', '--as', YUNYANG, '--period', '2023Q1', path);
    expect(result.code).toBe(1);
    expect(result.out).toContain('附件3（工作表“Sheet1”）：找不到表头');
    expect(result.out).not.toContain('认不出是哪一张台账');
  });
});
