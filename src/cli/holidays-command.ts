// `holidays enter|show|d1-sql`: the bureau keeps the work calendar current. Each autumn the State
// Council publishes next year's schedule; the operator passes its text (a file, or - for stdin), reads
// what was understood, and saves it with --yes. A year already entered is changed only with --replace,
// after the differences are shown. Reminders use the newest version from the next sweep on.

import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { localDateTime } from '../domain/clock.ts';
import { type NoticeProblem, parseHolidayNotice } from '../domain/holiday-notice.ts';
import { say } from '../prompts.ts';
import {
  currentSchedules,
  holidaysSql,
  loadWorkCalendar,
  saveSchedule,
  scheduleVersions,
} from '../store/holidays-repo.ts';
import type { CommandKit } from './excel-commands.ts';
import { coverageLines, noticeText, scheduleDiff } from './holidays-render.ts';

interface EnterOptions {
  year?: number;
  yes?: boolean;
  replace?: boolean;
  by?: string;
  json?: boolean;
}

export function addHolidaysCommand(program: Command, { deps, withStore, print }: CommandKit): void {
  const holidays = program
    .command('holidays')
    .description('节假日安排：录入国务院办公厅通知、查看、导出到 D1');
  holidays
    .command('enter <file>')
    .description('录入某年的节假日安排：通知原文或日期列表的文本文件（- 表示从标准输入读取）')
    .option('--year <year>', '年份（通知里写明年份时可省略）', year)
    .option('--yes', '核对无误，保存')
    .option('--replace', '该年已录入时，以本次为准（先看差异）')
    .option('--by <name>', '录入人（默认为当前系统用户）')
    .option('--json', '输出 JSON')
    .action((file: string, opts: EnterOptions) =>
      withStore(async (store) => {
        const input = readInput(file);
        if (!input.ok) return print(opts, { ok: false, message: input.message }, input.message, false);
        const parsed = parseHolidayNotice(input.text, opts.year === undefined ? {} : { year: opts.year });
        if (!parsed.ok) {
          const message = problemText(parsed.problem);
          return print(opts, { ok: false, problem: parsed.problem, message }, message, false);
        }
        const { notice } = parsed;
        const understood = noticeText(notice);
        const json = { year: notice.year, rest: notice.rest, work: notice.work, holidays: notice.holidays };
        const stored = (await currentSchedules(store)).find((s) => s.year === notice.year);
        const diff = stored ? scheduleDiff(stored, notice) : [];
        if (stored && diff.length === 0) {
          const same = say('holidays.same', { year: notice.year, version: stored.version });
          return print(opts, { ok: true, saved: false, same: true, ...json }, `${understood}\n${same}`, true);
        }
        if (stored && !opts.replace) {
          const text = say('holidays.replaceNeeded', {
            year: notice.year,
            version: stored.version,
            by: stored.enteredBy,
            diff: diff.join('\n'),
          });
          return print(
            opts,
            { ok: false, saved: false, differences: diff, ...json },
            `${understood}\n${text}`,
            false,
          );
        }
        if (!opts.yes) {
          const hint = say(stored ? 'holidays.confirmReplace' : 'holidays.confirm');
          return print(opts, { ok: true, saved: false, ...json }, `${understood}\n${hint}`, true);
        }
        const version = await saveSchedule(
          store,
          { ...notice, sourceText: input.text, enteredBy: opts.by ?? operator() },
          deps.now(),
        );
        const saved = say('holidays.saved', { year: notice.year, version });
        print(opts, { ok: true, saved: true, version, ...json }, `${understood}\n${saved}`, true);
      }),
    );
  holidays
    .command('show')
    .description('每年的节假日数据从哪里来：已录入（各版本）、随程序提供，或按法定节假日估算')
    .option('--year <year>', '只看一年，列出所有版本', year)
    .option('--json', '输出 JSON')
    .action((opts: { year?: number; json?: boolean }) =>
      withStore(async (store) => {
        const calendar = await loadWorkCalendar(store);
        const versions = await scheduleVersions(store, opts.year);
        const current = await currentSchedules(store);
        const lines = coverageLines(calendar, current, deps.now());
        if (opts.year !== undefined) {
          lines.push(
            say('holidays.basis', {
              year: opts.year,
              basis: say(`holidays.basisOf.${calendar.basis(opts.year)}`),
            }),
          );
          for (const v of versions) {
            lines.push(
              say('holidays.version', {
                version: v.version,
                by: v.enteredBy,
                at: localDateTime(new Date(v.enteredAt)),
              }),
            );
          }
        }
        print(opts, { ok: true, entered: current.map((s) => s.year), versions }, lines.join('\n'), true);
      }),
    );
  holidays
    .command('d1-sql')
    .description('把已录入的节假日安排写成 SQL，供 wrangler d1 execute 导入 Cloudflare D1')
    .action(() =>
      withStore(async (store) => deps.out(holidaysSql(store, await scheduleVersions(store)).trimEnd())),
    );
}

function problemText(problem: NoticeProblem): string {
  return say(`holidays.problem.${problem.code}`, { ...problem });
}

/** The text of a file, or of stdin for "-"; a file Windows Notepad saved with a BOM reads the same. */
function readInput(file: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(file === '-' ? 0 : file, 'utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: say('cli.fileUnreadable', { path: file, reason }) };
  }
}

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return say('holidays.unknownOperator');
  }
}

function year(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(say('holidays.yearInvalid', { got: value }));
  return Number(value);
}
