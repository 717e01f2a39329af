import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentSheets } from '../../src/store/revisions-repo.ts';
import { demoMobile, root, type TempDb, tempDb } from '../support/demo-store.ts';
import { type Cli, cliFor, readXlsx, revisionRows, seedRoster, sheet, writeXlsx } from '../support/excel.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const BUREAU = demoMobile('bureau', '省乡村振兴局');
const YUNYANG = demoMobile('county', '郧阳区');
const YUNXI = demoMobile('county', '郧西县');

let db: TempDb;
let cli: Cli;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, NOW);
  await seedRoster(cli);
});
afterEach(() => db.cleanup());

/** Submits 附件2 for 郧阳区 and 郧西县 and 附件5 for 郧阳区 through the CLI, as a clerk would. */
async function submitThree(): Promise<void> {
  const yunxi = join(db.dir, 'a2-yunxi.json');
  writeFileSync(
    yunxi,
    JSON.stringify({
      reporter: '刘海燕 17000000003',
      rows: [
        { 省直定点帮扶单位: '省发展改革委', 主要负责同志: 0, 处级: 1, 科级以下: 2, 选派挂职干部: 1 },
        { 省直定点帮扶单位: '省农业农村厅', 主要负责同志: 1, 处级: 0, 科级以下: 0, 选派挂职干部: 0 },
      ].map((r) => ({ ...FIGURES, ...r })),
    }),
  );
  const a5 = join(db.dir, 'a5-yunyang.json');
  writeFileSync(
    a5,
    JSON.stringify({
      reporter: '张建国 17000000002',
      rows: ['崇文街道', '中山街道', '朝阳街道'].map((town, i) => ({
        '帮扶市、县': '荆州市',
        '参与结对基层单位(乡镇、街道、学校、医院等)': `沙市区${town}`,
        '参与结对基层单位(村、社区、学校、医院等)': `茶店镇第${i + 1}村`,
      })),
    }),
  );
  const fixture = root('test/fixtures/a2-yunyang.json');
  for (const args of [
    ['--as', YUNYANG, '--ledger', 'a2', '--period', '2023Q1', fixture],
    ['--as', YUNXI, '--ledger', 'a2', '--period', '2023Q1', yunxi],
    ['--as', YUNYANG, '--ledger', 'a5', '--period', '2023', a5],
  ]) {
    const result = await cli('submit', ...args);
    expect(result.code, result.out).toBe(0);
  }
}

const FIGURES = {
  计划投入帮扶资金: '66.6666',
  实际投入帮扶资金: '0.0001',
  实施帮扶项目: 1,
  计划帮助引进资金: '0',
  实际帮助引进资金: '0',
  实际帮助引进项目: 0,
  计划开展各类培训: 10,
  实际开展各类培训: 3,
  专业技术人员: 1,
  农村致富带头人: 1,
  农业实用技术: 1,
  劳务就业培训: 0,
  其他: 0,
  计划购买农副产品: '1.5',
  实际购买农副产品: '0.75',
  计划帮助销售农副产品: '2',
  实际帮助销售农副产品: '0.3333',
};

/** Every current sheet of the three, with its revision, reporter and stored values. */
async function currentValues() {
  const store = await db.open();
  try {
    const a2 = await currentSheets(store, 'a2', '2023Q1');
    const a5 = await currentSheets(store, 'a5', '2023');
    return [...a2, ...a5].map((s) => ({
      form: s.form,
      county: s.countyId,
      revision: s.revision,
      reporter: s.header.reporter,
      rows: s.rows.map((r) => r.values),
    }));
  } finally {
    await store.close();
  }
}

describe('submit → export → import round trip through the CLI', () => {
  it('re-importing the exported workbook as the bureau changes nothing; a modified copy makes revision 2', async () => {
    await submitThree();
    const file = join(db.dir, 'ledgers.xlsx');
    const exported = await cli('export', '--period', '2023Q1', '--as', BUREAU, '--out', file);
    expect(exported.code, exported.out).toBe(0);
    expect(exported.out).toContain(`已导出：${file}（5张表，6行数据）`);
    const before = await currentValues();
    const rowsBefore = await revisionRows(db);

    const dry = await cli('import', '--as', BUREAU, '--period', '2023Q1', '--dry-run', file);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain('附件2 2023Q1 郧西县：2行，与已报第1版相同，不会新建版本');
    expect(dry.out).toContain('附件5 2023 郧阳区：3行，与已报第1版相同，不会新建版本');
    const again = await cli('import', '--as', BUREAU, '--period', '2023Q1', file);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('附件2 2023Q1 郧阳区：1行，与已报第1版相同，未新建版本');
    expect(await currentValues()).toEqual(before);
    expect(await revisionRows(db)).toBe(rowsBefore);

    // The bureau corrects one figure of 郧阳区 in Excel: 实际投入帮扶资金 35.5 → 40.25 万元.
    const workbook = await readXlsx(file);
    const ws = sheet(workbook, '附件2');
    const yunyang = [5, 6, 7].find((r) => ws.getCell(r, 2).value === '郧阳区');
    expect(ws.getCell(4, 8).value ?? ws.getCell(3, 8).value).toBe('实际投入帮扶资金(万元)');
    // The 审核状态 column the export adds (and the import just re-read past) is there.
    expect(ws.getCell(3, 25).value).toBe('审核状态');
    expect(ws.getCell(yunyang ?? 0, 25).value).toBe('已报待确认');
    ws.getCell(yunyang ?? 0, 8).value = 40.25;
    const modified = join(db.dir, 'modified.xlsx');
    await writeXlsx(workbook, modified);

    const imported = await cli('import', '--as', BUREAU, '--period', '2023Q1', '--json', modified);
    expect(imported.code, imported.out).toBe(0);
    const json = JSON.parse(imported.out) as {
      saved: { county: string; ledger: string; revision: number }[];
    };
    expect(json.saved.map((s) => [s.ledger, s.county, s.revision])).toEqual([['a2', '郧阳区', 2]]);
    const after = await currentValues();
    const changed = after.find((s) => s.form === 'a2' && s.county === 'county:郧阳区');
    expect(changed?.revision).toBe(2);
    expect(changed?.rows[0]?.fundsActual).toBe(402_500);
    expect(after.filter((s) => s !== changed)).toEqual(
      before.filter((s) => !(s.form === 'a2' && s.county === 'county:郧阳区')),
    );
    const history = await cli('history', '--county', '郧阳区', '--ledger', 'a2', '--period', '2023Q1');
    expect(history.out).toContain('来源：Excel');
    expect(history.out).toContain('实际投入帮扶资金：35.50万元 → 40.25万元');
  });

  it('a county re-imports its own export without --period: the 填报时间 line names the quarter', async () => {
    await submitThree();
    const file = join(db.dir, 'yunyang.xlsx');
    expect((await cli('export', '--period', '2023Q1', '--as', YUNYANG, '--out', file)).code).toBe(0);
    const rowsBefore = await revisionRows(db);
    const result = await cli('import', '--as', YUNYANG, file);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('附件2 2023Q1 郧阳区：1行，与已报第1版相同，未新建版本');
    expect(result.out).toContain('附件1没有填写数据行，已跳过');
    expect(await revisionRows(db)).toBe(rowsBefore);
  });
});
