import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliFor, seedRoster } from '../support/cli.ts';
import { demoMobile, root, type TempDb, tempDb } from '../support/demo-store.ts';

const run = promisify(execFile);
const NOW = new Date('2023-03-28T02:00:00Z');
const TSX = root('node_modules/.bin/tsx');

let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
});
afterEach(() => db.cleanup());

const cli = (...argv: string[]) => cliFor(db, NOW)(...argv);

const seed = () => seedRoster(cli);

describe('npm run -s cli -- calendar --year 2023 --json (a real process)', () => {
  it('lists every obligation with the notice’s due dates, L1/D2 only for counties hosting central units', async () => {
    await seed();
    const { stdout } = await run(TSX, [root('src/runtime/cli.ts'), 'calendar', '--year', '2023', '--json'], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    const calendar = JSON.parse(stdout) as {
      obligations: { id: string; due: string; period: string; owedBy: { county: string }[] }[];
    };
    const dues = calendar.obligations.map((o) => `${o.id}@${o.due}`);
    expect(dues).toEqual([
      ...['L1', 'L2', 'L3', 'L4', 'L5', 'D1', 'D2', 'M1', 'M2'].map((id) => `${id}@2023-03-31`),
      ...['L1', 'L2', 'L3', 'L4', 'M3'].map((id) => `${id}@2023-06-30`),
      ...['L1', 'L2', 'L3', 'L4'].map((id) => `${id}@2023-09-30`),
      ...['L1', 'L2', 'L3', 'L4'].map((id) => `${id}@2023-12-31`),
    ]);
    const hosting = await db.open();
    const expected = (
      await hosting.db
        .selectFrom('units')
        .select('name')
        .where('kind', '=', 'county')
        .where('hosts_central_units', '!=', 'no')
        .execute()
    )
      .map((r) => r.name)
      .sort();
    await hosting.close();
    for (const o of calendar.obligations.filter((x) => x.id === 'L1' || x.id === 'D2')) {
      expect(o.owedBy.map((x) => x.county).sort()).toEqual(expected);
    }
    expect(expected).not.toContain('南漳县');
    expect(calendar.obligations.find((o) => o.id === 'L2')?.owedBy).toHaveLength(37);
  }, 60_000);
});

describe('calendar and roster check name every debtor gap (real processes)', () => {
  const NO_HELPER = [
    '咸丰县',
    '红安县',
    '麻城市',
    '团风县',
    '英山县',
    '丹江口市',
    '茅箭区',
    '张湾区',
    '远安县',
    '秭归县',
  ];

  it('puts each gap on its own line with every county named, never a bare count', async () => {
    await seed();
    const env = { ...process.env, DATABASE_URL: db.url };
    const cliFile = root('src/runtime/cli.ts');
    const [calendar, check, json] = await Promise.all([
      run(TSX, [cliFile, 'calendar', '--year', '2023'], { env }),
      run(TSX, [cliFile, 'roster', 'check'], { env }),
      run(TSX, [cliFile, 'calendar', '--year', '2023', '--json'], { env }),
    ]);
    for (const out of [calendar.stdout, check.stdout]) {
      const lines = out.split('\n');
      const m3 = lines.filter((l) => l.includes('10个县没有登记帮扶市县'));
      expect(m3).toHaveLength(1);
      for (const county of NO_HELPER) expect(m3[0]).toContain(county);
      expect(lines.filter((l) => l.includes('33个县没有登记省直牵头单位'))).toHaveLength(2);
    }
    const pairsLine = calendar.stdout
      .split('\n')
      .find((l) => l.includes('互访交流并召开联席（协调）会议（2023）'));
    expect(pairsLine).toContain('33对省内区域协作结对双方（涉及27个县）');
    expect(calendar.stdout).not.toMatch(/\bM3\b/);
    const m3 = (JSON.parse(json.stdout) as { obligations: { id: string; gap: unknown }[] }).obligations.find(
      (o) => o.id === 'M3',
    );
    expect(m3?.gap).toEqual({ missing: 'helper', counties: NO_HELPER });
  }, 60_000);
});

describe('submit, status and history from the command line', () => {
  it('submits, shows the county reported and the others not, and keeps both revisions', async () => {
    await seed();
    const fixture = root('test/fixtures/a2-yunyang.json');
    const as = demoMobile('county', '郧阳区');
    const first = await cli('submit', '--as', as, '--ledger', 'a2', '--period', '2023Q1', fixture);
    expect(first.code).toBe(0);
    expect(first.out).toContain('已保存：郧阳区 2023Q1 省直单位定点帮扶工作情况台账，第1版，共1行。');

    const status = await cli('status', '--period', '2023Q1', '--ledger', 'a2', '--json');
    const report = JSON.parse(status.out) as {
      obligations: { reported: { county: string }[]; notReported: { county: string }[] }[];
    };
    expect(report.obligations[0]?.reported.map((r) => r.county)).toEqual(['郧阳区']);
    expect(report.obligations[0]?.notReported).toHaveLength(36);
    const readable = await cli('status', '--period', '2023Q1', '--ledger', 'a2');
    expect(readable.out).toContain('应报 37，已报 1（已确认 0，已报待确认 1），退回修改 0，未报 36');
    expect(readable.out).toContain('郧阳区：已报待确认（第1版');

    expect(
      (await cli('submit', '--as', as, '--ledger', 'a2', '--period', '2023Q1', '--json', fixture)).out,
    ).toContain('"revision": 2');
    const history = await cli(
      'history',
      '--county',
      '郧阳区',
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      '--json',
    );
    expect(
      (JSON.parse(history.out) as { revisions: { revision: number }[] }).revisions.map((r) => r.revision),
    ).toEqual([1, 2]);
  });

  it('says the roster is empty and how to import one, instead of 100% of nothing', async () => {
    expect((await cli('migrate')).code).toBe(0);
    const status = await cli('status', '--period', '2023Q1');
    expect(status.code).toBe(1);
    expect(status.out).toContain('名册是空的');
    expect(status.out).toContain('roster import data/roster.csv');
    expect(status.out).not.toContain('完成率');
    expect(JSON.parse((await cli('status', '--period', '2023Q1', '--json')).out)).toEqual({
      ok: false,
      error: 'roster_empty',
    });
  });

  it('takes a county by the short names chat takes, for every --county', async () => {
    await seed();
    const fixture = root('test/fixtures/a2-yunyang.json');
    const bureau = demoMobile('bureau', '省乡村振兴局');
    const submit = (county: string) =>
      cli('submit', '--as', bureau, '--ledger', 'a2', '--period', '2023Q1', '--county', county, fixture);
    expect((await submit('郧阳')).out).toContain('已保存：郧阳区 2023Q1');
    // A county's own clerk may name it short too.
    const own = await cli(
      'submit',
      ...['--as', demoMobile('county', '郧阳区'), '--ledger', 'a2', '--period', '2023Q1'],
      ...['--county', '郧阳', fixture],
    );
    expect(own.out).toContain('第2版');
    for (const [short, full] of [
      ['郧阳', '郧阳区'],
      ['五峰', '五峰土家族自治县'],
      ['五峰县', '五峰土家族自治县'],
      ['神农架', '神农架林区'],
    ] as const) {
      const history = await cli('history', '--county', short, '--ledger', 'a2', '--period', '2023Q1');
      expect(history.code, short).toBe(0);
      expect(history.out, short).toMatch(new RegExp(`^${full} 2023Q1`));
    }
    expect((await cli('history', '--county', '郧', '--ledger', 'a2', '--period', '2023Q1')).code).toBe(1);
  });

  it('refuses bad JSON and a bad figure with exit 1 and a Chinese message', async () => {
    await seed();
    const bad = join(db.dir, 'bad.json');
    writeFileSync(
      bad,
      '{"reporter": "x", "rows": [{"省直定点帮扶单位": "省委宣传部", "实际投入帮扶资金": "-1"}]}',
    );
    const result = await cli(
      'submit',
      '--as',
      demoMobile('county', '郧阳区'),
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      bad,
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain('实际投入帮扶资金：应为不小于0、最多4位小数的万元数（收到“-1”）');
    writeFileSync(bad, '{not json');
    const broken = await cli(
      'submit',
      '--as',
      demoMobile('county', '郧阳区'),
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      bad,
    );
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('不是有效的 JSON');
    const status = await cli('status', '--period', '2023Q1', '--ledger', 'a2', '--json');
    expect(
      (JSON.parse(status.out) as { obligations: { reported: unknown[] }[] }).obligations[0]?.reported,
    ).toEqual([]);
  });

  it('scopes status to the asker: a lead unit sees only its county', async () => {
    await seed();
    const status = await cli(
      'status',
      '--period',
      '2023Q1',
      '--ledger',
      'a2',
      '--as',
      demoMobile('lead_unit', '省委宣传部'),
      '--json',
    );
    const report = JSON.parse(status.out) as { obligations: { notReported: { county: string }[] }[] };
    expect(report.obligations[0]?.notReported.map((r) => r.county)).toEqual(['竹山县']);
  });

  it('refuses a history outside the asker’s scope', async () => {
    await seed();
    const result = await cli(
      'history',
      '--county',
      '房县',
      '--ledger',
      'a2',
      '--period',
      '2023Q1',
      '--as',
      demoMobile('county', '郧阳区'),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain('房县不在您单位的帮扶范围内');
  });
});

describe('reminders from the command line', () => {
  it('plan --at lists the 7-day reminders of every March 31 obligation and none for what is done', async () => {
    await seed();
    const as = demoMobile('county', '郧阳区');
    expect(
      (
        await cli(
          'submit',
          '--as',
          as,
          '--ledger',
          'a2',
          '--period',
          '2023Q1',
          root('test/fixtures/a2-yunyang.json'),
        )
      ).code,
    ).toBe(0);
    const { out } = await cli('reminders', 'plan', '--at', '2023-03-24T09:00+08:00', '--json');
    const plan = JSON.parse(out) as {
      date: string;
      reminders: {
        obligation: string;
        county: string;
        recipient: string;
        kind: string;
        occurrence: number;
        due: string;
      }[];
    };
    expect(plan.date).toBe('2023-03-24');
    expect(
      plan.reminders.every((r) => r.kind === 'before' && r.occurrence === 7 && r.due === '2023-03-31'),
    ).toBe(true);
    expect(new Set(plan.reminders.map((r) => r.obligation))).toEqual(
      new Set(['L1', 'L2', 'L3', 'L4', 'L5', 'D1', 'D2', 'M1', 'M2']),
    );
    const l2 = plan.reminders.filter((r) => r.obligation === 'L2').map((r) => r.county);
    expect(l2).toHaveLength(36);
    expect(l2).not.toContain('郧阳区');
    expect(
      plan.reminders
        .filter((r) => r.obligation === 'M1')
        .map((r) => r.recipient)
        .sort(),
    ).toEqual(['省住建厅', '省农业农村厅', '省委宣传部', '省经信厅']);
  });

  it('run sends one sweep through the configured channels', async () => {
    await seed();
    const { out, code } = await cli('reminders', 'run', '--json');
    expect(code).toBe(0);
    // 2023-03-28 10:00 local is a workday, three days before March 31.
    expect((JSON.parse(out) as { sent: number }).sent).toBeGreaterThan(37);
  });
});

describe('roster import, export and check', () => {
  it('refuses a malformed CSV row by line and column and changes nothing', async () => {
    await seed();
    const before = (await cli('roster', 'export')).out;
    const file = join(db.dir, 'bad.csv');
    writeFileSync(file, 'county,city,hosts_central_units\n郧阳区,十堰市,yes\n,十堰市,maybe\n');
    const result = await cli('roster', 'import', file);
    expect(result.code).toBe(1);
    expect(result.out).toContain('第3行 county：必填');
    expect(result.out).toContain(
      '第3行 hosts_central_units：应为 yes、no、unknown（是、否、待确认） 之一（收到“maybe”）',
    );
    expect((await cli('roster', 'export')).out).toBe(before);
  });

  it('exports what it imported, and lists the unconfirmed facts', async () => {
    await seed();
    const exported = (await cli('roster', 'export')).out;
    expect(exported.split('\n')[0]).toBe(
      'county,city,hosts_central_units,central_unit,lead_unit,helpers,whole_city_helpers,provincial_units,social_orgs,stationed_villages,source_note',
    );
    expect(exported).toContain('五峰土家族自治县,宜昌市,unknown,,,武汉市武昌区;武汉市江夏区,');
    expect(exported).toContain('郧阳区,十堰市,yes,水利部,,荆州市,荆州市,');
    const check = await cli('roster', 'check');
    expect(check.out).toContain('郧西县：是否承接中央单位定点帮扶待确认');
    expect(check.out).toContain('郧阳区：未登记省直牵头单位');
    expect(check.out).toContain('演示联系人');
  });

  it('prints its notes on the sources in Chinese, naming duties rather than codes', async () => {
    await seed();
    const check = (await cli('roster', 'check')).out;
    expect(check).toContain('神农架林区：资料待核实——中央定点帮扶单位资料为2020年；帮扶市为整市结对');
    // Every line read as Chinese: no English words, no codes such as M1.
    expect(check).not.toMatch(/[A-Za-z]{3,}|\b[LMD][1-5]\b/);
  });

  it('prints usage errors with exit 2', async () => {
    expect((await cli('calendar')).code).toBe(2);
    expect((await cli('calendar', '--year', 'abc')).code).toBe(2);
  });
});
