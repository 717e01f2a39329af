// Templates as counties keep them, not as the bot writes them: the notice's own header wording, no
// merged cells, typos in the title, a 填报人 line instead of a column, pre-numbered empty rows.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provincial } from '../../src/domain/ledgers/provincial.ts';
import { currentSheets } from '../../src/store/revisions-repo.ts';
import { demoMobile, type TempDb, tempDb } from '../support/demo-store.ts';
import { type Cli, cliFor, seedRoster, writeXlsx } from '../support/excel.ts';

const NOW = new Date('2023-03-31T08:00:00Z');
const YUNYANG = demoMobile('county', '郧阳区');

let db: TempDb;
let cli: Cli;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, NOW);
  await seedRoster(cli);
});
afterEach(() => db.cleanup());

async function current(form: string, period: string) {
  const store = await db.open();
  try {
    return await currentSheets(store, form, period);
  } finally {
    await store.close();
  }
}

describe('a county’s own templates import', () => {
  it('附件5 as the notice prints it: found by its header, 填报人 line, blank county cells, numbered empty rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Sheet1');
    ws.addRows([
      ['2023年省内区域协作基层单位结对关系系统台账'], // the notice's own typo: 系统 for 统计
      ['填报单位：郧阳区乡村振兴局'],
      ['填报时间：2023年3月31日'],
      ['填报人：张建国 17000000002'],
      [
        '序号',
        '帮扶市、县',
        '参与结对基层单位 (乡镇、街道、学校、医院等)',
        '重点帮扶县',
        '参与结对基层单位 (村、社区、学校、医院等)',
      ],
      [1, '荆州市', '沙市区崇文街道', null, '茶店镇樱桃沟村'],
      [2, '荆州市', '沙市区中山街道', '郧阳区', '茶店镇东岳村'],
      ...[3, 4, 5, 6, 7, 8].map((n) => [n]),
      [],
      ['备注： 1. 此表由37个乡村振兴重点帮扶县乡村振兴部门于3月底前汇总填报；'],
    ]);
    const path = join(db.dir, 'a5.xlsx');
    await writeXlsx(workbook, path);

    const result = await cli('import', '--as', YUNYANG, path);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('附件5（工作表“Sheet1”） 2023 郧阳区：2行，已保存为第1版');
    const [sheet] = await current('a5', '2023');
    expect(sheet?.header.reporter).toBe('张建国 17000000002');
    expect(sheet?.rows.map((r) => [r.values.helperUnit, r.values.county, r.values.countyUnit])).toEqual([
      ['沙市区崇文街道', '郧阳区', '茶店镇樱桃沟村'],
      ['沙市区中山街道', '郧阳区', '茶店镇东岳村'],
    ]);
  });

  it('附件2 with the notice’s wording: units on the sub-labels, nothing merged, 台帐, the quarter in 填报时间', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('省直');
    const fields = provincial.fields;
    const top = fields.map((f, i) => {
      if (f.group)
        return fields[i - 1]?.group === f.group
          ? null
          : f.group === '赴帮扶县调研指导'
            ? `${f.group}(人次)`
            : f.group;
      return f.unit ? `${f.label}（${f.unit}）` : f.label;
    });
    const bottom = fields.map((f) =>
      !f.group ? null : f.group === '赴帮扶县调研指导' ? f.label : `${f.label}(${f.unit})`,
    );
    const figures = [
      1,
      2,
      3,
      2,
      '120.00',
      '35.50',
      4,
      500,
      '80.25',
      1,
      300,
      90,
      20,
      30,
      25,
      10,
      5,
      50,
      12.3456,
      100,
      20,
    ];
    ws.addRows([
      ['2023年省直单位定点帮扶工作情况台帐'],
      ['填报单位：郧阳区', null, null, null, null, '填报时间：2023年一季度'],
      [...top, '填报人及联系方式'],
      [...bottom, null],
      ['省委宣传部', '郧阳区', ...figures, '张建国 17000000002'],
      ['合计'],
    ]);
    const path = join(db.dir, 'a2.xlsx');
    await writeXlsx(workbook, path);

    const result = await cli('import', '--as', YUNYANG, '--json', path);
    expect(result.code, result.out).toBe(0);
    const [sheet] = await current('a2', '2023Q1');
    expect(sheet?.revision).toBe(1);
    expect(sheet?.rows[0]?.values).toMatchObject({
      provincialUnit: '省委宣传部',
      visitsSection: 3,
      fundsActual: 355_000,
      buyActual: 123_456,
      sellActual: 200_000,
      trainOther: 5,
    });
  });
});
