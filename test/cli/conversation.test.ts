// `understand` and `say` as an operator runs them: the reading as one JSON object (or one per line
// from stdin, in the real process), and the reply as chat shows it, with the echo line first.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cli, cliFor, seedRoster } from '../support/cli.ts';
import { root, type TempDb, tempDb } from '../support/demo-store.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const CLERK = '17000000003'; // 郧西县
const CITY = '17000000039'; // 十堰市
const BUREAU = '17000000001';
let db: TempDb;
let cli: Cli;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, NOW);
  await seedRoster(cli);
});
afterEach(() => db.cleanup());

describe('understand', () => {
  it('prints exactly the reading, with relative periods taken from --now', async () => {
    const last = await cli('understand', '--as', CLERK, '--json', '填报 附件２ 上季度');
    expect(last.code).toBe(0);
    expect(JSON.parse(last.out)).toEqual({
      intent: 'fill',
      ledger: 'a2',
      period: { year: 2022, quarter: 4 },
      county: null,
      city: null,
      filter: null,
    });
    const later = await cli(
      'understand',
      '--as',
      CITY,
      '--now',
      '2024-05-10',
      '--json',
      '恩施州上个季度进度',
    );
    expect(JSON.parse(later.out)).toMatchObject({
      intent: 'progress',
      period: { year: 2024, quarter: 1 },
      city: '恩施州',
    });
  });

  it('refuses an unknown contact by name, and changes nothing', async () => {
    const result = await cli('understand', '--as', '19999999999', '进度');
    expect(result.code).toBe(1);
    expect(result.out).toContain('没有找到联系人“19999999999”');
  });

  it('reads one message per line from stdin in the real process', async () => {
    const child = execFile(
      root('node_modules/.bin/tsx'),
      [root('src/runtime/cli.ts'), 'understand', '--as', BUREAU, '--now', '2023-03-28', '--json', '-'],
      { env: { ...process.env, DATABASE_URL: db.url } },
    );
    child.stdin?.end('逾期的有哪些\n\n十堰的表导出来\n谢谢\n');
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.intent)).toEqual(['unreported', 'export', 'thanks']);
    expect(lines[0].filter).toBe('overdue');
    expect(lines[1].city).toBe('十堰市');
  }, 60_000);
});

describe('say', () => {
  it('answers as chat does, first saying what it answered for', async () => {
    const result = await cli('say', '--as', BUREAU, '恩施州进度');
    expect(result.out.split('\n')[0]).toBe('【2023年第一季度 报送进度】');
    expect(result.out).toContain('2023年第一季度（当前报送期） · 全部台账 · 恩施州');
    // A city asking about another city is told so, the place named, not answered for its own.
    const other = await cli('say', '--as', CITY, '恩施州进度');
    expect(other.out).toContain('恩施州不在您单位的查看范围内');
    const own = await cli('say', '--as', CITY, '--now', '2023-07-05', '上个季度谁没报 附件2');
    expect(own.out).toContain('2023年第二季度 · 附件2 省直定点帮扶 · 十堰市');
    expect(own.out).toContain('未报8个');
  });

  it('asks with buttons when two readings are close, and lists the buttons', async () => {
    const result = await cli('say', '--as', CLERK, '附件2截止日期是哪天');
    expect(result.out).toContain('截止');
    expect(result.out).not.toMatch(/\[提交\]/);
  });

  it('answers figure questions with the figures submitted, as chat shows them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangfu-say-'));
    const sheet = join(dir, 'a2.json');
    const counts = ['visitsHead', 'visitsDivision', 'visitsSection', 'cadres', 'projects', 'introProjects'];
    const money = [
      'introFundsPlanned',
      'introFundsActual',
      'buyPlanned',
      'buyActual',
      'sellPlanned',
      'sellActual',
    ];
    const row = {
      ...Object.fromEntries(counts.map((k) => [k, 1])),
      ...Object.fromEntries(money.map((k) => [k, '1'])),
      provincialUnit: '省委宣传部',
      fundsPlanned: '120',
      fundsActual: '35.5',
      trainingPlanned: 100,
      trainingActual: 40,
      trainTech: 10,
      trainLeaders: 10,
      trainFarming: 10,
      trainJobs: 5,
      trainOther: 5,
    };
    writeFileSync(sheet, JSON.stringify({ reporter: '张三 13800000000', rows: [row] }));
    expect((await cli('submit', '--as', CLERK, '--ledger', 'a2', '--period', '2023Q1', sheet)).code).toBe(0);
    expect(
      (await cli('submit', '--as', '17000000004', '--ledger', 'a2', '--period', '2023Q1', sheet)).code,
    ).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    const total = await cli(
      'say',
      '--as',
      BUREAU,
      '--now',
      '2023-04-05',
      '今年省直单位实际投入帮扶资金一共多少',
    );
    expect(total.code).toBe(0);
    expect(total.out.split('\n').slice(0, 3)).toEqual([
      '【2023年第一季度 实际投入帮扶资金】',
      '2023年度（截至第一季度末） · 附件2 省直定点帮扶 · 实际投入帮扶资金 · 全省',
      '附件2 省直定点帮扶：71.00万元',
    ]);
    expect(total.out).toContain('基于 2/37 个县的报送');
    expect(total.out).toContain('[查看省直定点帮扶明细]');
    const rate = await cli('say', '--as', CITY, '--now', '2023-04-05', '一季度全市省直帮扶资金完成率多少');
    expect(rate.out).toContain('附件2 省直定点帮扶：完成计划 29.6%（实际 71.00万元 / 计划 240.00万元）');
    const own = await cli('say', '--as', CLERK, '--now', '2023-04-05', '竹山县一季度培训了多少人');
    expect(own.out).toContain('竹山县不在您单位的查看范围内');
    expect(own.out).not.toContain('40人次');
  });
});
