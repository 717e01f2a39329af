// `holidays enter|show|d1-sql` as a bureau operator uses them: a State Council notice passed as a file
// (or on stdin to the real process) is shown as understood and stored only with --yes; a year already
// entered changes only with --replace after its differences are shown; what cannot be read is refused
// with its line and nothing stored. `reminders plan`, `calendar` and `roster check` say which days are
// estimated, and stop saying so once the year is entered.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleVersions } from '../../src/store/holidays-repo.ts';
import { cliFor } from '../support/cli.ts';
import { root, type TempDb, tempDb } from '../support/demo-store.ts';

const NOW = new Date('2026-12-07T02:00:00Z');
let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
});
afterEach(() => db.cleanup());

const cli = (...argv: string[]) => cliFor(db, NOW)(...argv);

async function versions(year: number) {
  const store = await db.open();
  try {
    return await scheduleVersions(store, year);
  } finally {
    await store.close();
  }
}

/** A 2027 schedule in the notice's own form (hypothetical: the real one is published in November). */
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月14日（周日）、2月20日（周六）上班。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
国务院办公厅
2026年11月10日`;

function file(name: string, text: string): string {
  const path = join(db.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('holidays enter', () => {
  it('shows what it understood, stores only with --yes, and then reminders follow it', async () => {
    const notice = file('2027.txt', NOTICE_2027);
    const preview = await cli('holidays', 'enter', notice);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('2027年节假日安排，识别如下');
    expect(preview.out).toContain(
      '春节：放假 2月5日（周五）至2月12日（周五）共8天；调休上班 2月14日（周日）、2月20日（周六）',
    );
    expect(preview.out).toContain('加 --yes 再运行一次即保存');
    // The sample leaves out 清明 to 中秋: the operator is asked whether the paste is complete.
    expect(preview.out).toContain('以下法定节假日不在识别出的放假日中：清明节（4月5日（周一））、劳动节');
    expect(await versions(2027)).toEqual([]);

    const before = await cli('reminders', 'plan', '--at', '2027-10-04T09:00+08:00', '--json');
    expect(JSON.parse(before.out)).toMatchObject({ workday: true, estimated: true });

    const saved = await cli('holidays', 'enter', notice, '--yes', '--by', '王明');
    expect(saved.code).toBe(0);
    expect(saved.out).toContain('已保存2027年节假日安排（第1版）');
    const [stored] = await versions(2027);
    expect(stored).toMatchObject({ version: 1, enteredBy: '王明', sourceText: NOTICE_2027 });
    expect(stored?.work).toEqual(['2027-02-14', '2027-02-20', '2027-09-26', '2027-10-09']);

    const after = await cli('reminders', 'plan', '--at', '2027-10-04T09:00+08:00', '--json');
    expect(JSON.parse(after.out)).toMatchObject({ workday: false, estimated: false, reminders: [] });
    const sunday = await cli('reminders', 'plan', '--at', '2027-09-26T09:00+08:00', '--json');
    expect(JSON.parse(sunday.out)).toMatchObject({ workday: true });

    const again = await cli('holidays', 'enter', notice, '--yes');
    expect(again.out).toContain('与已录入的2027年安排（第1版）相同，未重复保存');
    expect(await versions(2027)).toHaveLength(1);
  });

  it('changes an entered year only with --replace, after showing the differences', async () => {
    await cli('holidays', 'enter', file('a.txt', NOTICE_2027), '--yes');
    const corrected = file('b.txt', NOTICE_2027.replace('10月9日（周六）上班', '10月10日（周日）上班'));
    const refused = await cli('holidays', 'enter', corrected, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('新增调休上班：10月10日（周日）');
    expect(refused.out).toContain('不再调休上班：10月9日（周六）');
    expect(refused.out).toContain('--replace');
    expect(await versions(2027)).toHaveLength(1);
    expect((await cli('holidays', 'enter', corrected, '--replace')).out).toContain(
      '将替换已录入的安排，尚未保存',
    );
    const replaced = await cli('holidays', 'enter', corrected, '--replace', '--yes');
    expect(replaced.out).toContain('第2版');
    const all = await versions(2027);
    expect(all.map((v) => v.version)).toEqual([2, 1]);
    expect(all[0]?.work).toContain('2027-10-10');
    const show = await cli('holidays', 'show', '--year', '2027');
    expect(show.out).toContain('2027年：已录入（第2版');
    expect(show.out).toContain('第1版');
  });

  it('refuses a line it cannot read, names it, and stores nothing', async () => {
    const broken = file('broken.txt', NOTICE_2027.replace('2月20日（周六）上班', '2月20日（周六）照常'));
    const result = await cli('holidays', 'enter', broken, '--yes');
    expect(result.code).toBe(1);
    expect(result.out).toContain('看不出是放假还是上班');
    expect(result.out).toContain('春节');
    expect(await versions(2027)).toEqual([]);
    const wrongYear = await cli('holidays', 'enter', broken, '--year', '2028', '--yes');
    expect(wrongYear.out).toContain('通知是2027年的安排，与 --year 2028 不符');
    const missing = await cli('holidays', 'enter', join(db.dir, 'nope.txt'));
    expect(missing.code).toBe(1);
  });

  it('reads the notice from stdin in the real process', async () => {
    const child = execFile(
      root('node_modules/.bin/tsx'),
      [root('src/runtime/cli.ts'), 'holidays', 'enter', '-', '--yes', '--json'],
      { env: { ...process.env, DATABASE_URL: db.url } },
    );
    child.stdin?.end(readFileSync(root('test/fixtures/holiday-notices/2026.txt')));
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, saved: true, version: 1, year: 2026 });
    expect((await versions(2026))[0]?.rest).toHaveLength(33);
  }, 60_000);
});

describe('what the operator is told about estimated days', () => {
  it('in reminders plan, calendar, roster check and holidays show, until the year is entered', async () => {
    const plan = await cli('reminders', 'plan', '--at', '2027-01-01T09:00+08:00');
    expect(plan.out).toContain('2027-01-01 不是工作日');
    expect(plan.out).toContain('2027年的节假日安排尚未录入');
    const calendar = await cli('calendar', '--year', '2027');
    expect(calendar.out).toContain('2027年的节假日安排尚未录入');
    expect(calendar.out).toContain('2月5日（周五）至2月8日（周一）共4天');
    expect((await cli('calendar', '--year', '2026')).out).not.toContain('尚未录入');
    const check = await cli('roster', 'check');
    expect(check.out).toContain('2027年的节假日安排尚未录入');
    expect((await cli('holidays', 'show')).out).toContain('2027年：尚未录入，按法定节假日估算');

    await cli('holidays', 'enter', file('2027.txt', NOTICE_2027), '--yes');
    expect((await cli('roster', 'check')).out).not.toContain('节假日安排尚未录入');
    expect((await cli('calendar', '--year', '2027')).out).not.toContain('尚未录入');
    expect((await cli('holidays', 'show')).out).toContain('2027年：已录入（第1版');
  });
});
