// `npm run -s cli -- <command>`: the operator's tools. Every command prints readable Chinese by
// default and machine-readable JSON with --json; bad input exits 1 and changes nothing.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { decodeCsv } from '../app/csv-encoding.ts';
import { sheetHistoryReport } from '../app/history.ts';
import { closePeriod, reopenSheet } from '../app/review.ts';
import { exportRosterCsv, importRosterCsv, rosterCheck } from '../app/roster.ts';
import { statusReport } from '../app/status.ts';
import { submitSheet } from '../app/submit.ts';
import { localDate } from '../domain/clock.ts';
import { contactsOf, findContact } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { planDay } from '../reminders/today.ts';
import { issueBindCode } from '../store/contacts-repo.ts';
import { loadWorkCalendar } from '../store/holidays-repo.ts';
import type { OpenedStore } from '../store/open.ts';
import { DatabaseUnreachable } from '../store/postgres.ts';
import { loadRoster } from '../store/roster-repo.ts';
import { rosterSql } from '../store/roster-sql.ts';
import type { CliDeps, Output } from './command-kit.ts';

export type { CliDeps } from './command-kit.ts';

import { addConversationCommands } from './conversation-commands.ts';
import { addDataCommands } from './data-commands.ts';
import { addDocumentsCommand } from './documents-command.ts';
import { addExcelCommands } from './excel-commands.ts';
import { addHolidaysCommand } from './holidays-command.ts';
import { estimatedNote } from './holidays-render.ts';
import {
  calendarRows,
  calendarText,
  historyJson,
  historyText,
  problemsJson,
  problemsText,
  rosterCheckJson,
  rosterCheckText,
  statusJson,
  statusText,
  submitJson,
  submitText,
} from './render.ts';

export function buildProgram(deps: CliDeps, exit: { code: number }): Command {
  const program = new Command('bangfu').description('帮扶台账助手 命令行').showHelpAfterError();
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => deps.out(s.trimEnd()), writeErr: (s) => deps.err(s.trimEnd()) });

  const withStore = async <T>(fn: (store: OpenedStore) => Promise<T>): Promise<T> => {
    const store = await deps.openStore();
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  const print = (opts: Output, json: unknown, text: string, ok: boolean) => {
    deps.out(opts.json ? JSON.stringify(json, null, 2) : text);
    if (!ok) exit.code = 1;
  };

  program
    .command('migrate')
    .description('应用数据库迁移')
    .option('--json', '输出 JSON')
    .action((opts: Output) =>
      withStore(async (store) =>
        print(
          opts,
          { ok: true, applied: store.migrated },
          say('cli.migrated', { count: store.migrated.length }),
          true,
        ),
      ),
    );

  const roster = program.command('roster').description('名册：导入、导出、检查');
  roster
    .command('import <file>')
    .description('导入县级名册或联系人名册（CSV）')
    .option('--json', '输出 JSON')
    .action((file: string, opts: Output) =>
      withStore(async (store) => {
        const decoded = decodeCsv(readBytes(file), file);
        if (!decoded.ok) return print(opts, { ok: false, error: decoded.message }, decoded.message, false);
        const result = await importRosterCsv(store, decoded.text);
        if (!result.ok) {
          const text = result.problems.some((p) => p.code === 'body_invalid')
            ? say('roster.unknownSheet')
            : `${say('roster.refused')}\n${problemsText(result.problems)}`;
          return print(opts, problemsJson(result.problems), text, false);
        }
        const counts = {
          units: result.roster.units.length,
          relations: result.roster.relations.length,
          contacts: result.roster.contacts.length,
        };
        print(opts, { ok: true, sheet: result.sheet, ...counts }, say('roster.imported', counts), true);
      }),
    );
  roster
    .command('export')
    .description('导出名册（CSV）')
    .option('--sheet <sheet>', 'counties（县级名册）或 contacts（联系人）', sheetOption, 'counties')
    .action((opts: { sheet: 'counties' | 'contacts' }) =>
      withStore(async (store) => deps.out((await exportRosterCsv(store, opts.sheet)).trimEnd())),
    );
  roster
    .command('d1-sql')
    .description('把名册写成 SQL，供 wrangler d1 execute 导入 Cloudflare D1')
    .action(() => withStore(async (store) => deps.out(rosterSql(store, await loadRoster(store)).trimEnd())));
  roster
    .command('check')
    .description('列出名册中待确认或缺失的信息')
    .option('--json', '输出 JSON')
    .action((opts: Output) =>
      withStore(async (store) => {
        const items = await rosterCheck(store);
        // The calendar is checked with the roster: a year without its holiday schedule is estimated.
        const year = Number(localDate(deps.now()).slice(0, 4));
        const holidays = estimatedNote(await loadWorkCalendar(store), [year, year + 1]);
        print(
          opts,
          { ...rosterCheckJson(items), holidays },
          [rosterCheckText(items), ...holidays].join('\n'),
          true,
        );
      }),
    );

  program
    .command('contacts')
    .description('联系人')
    .command('code')
    .description('为联系人生成一次性绑定码（本人在聊天中发送“绑定 <码>”完成绑定）')
    .requiredOption('--contact <contact>', '联系人：手机号或联系人编号')
    .option('--hours <hours>', '有效小时数', hoursOption, 72)
    .option('--json', '输出 JSON')
    .action((opts: Output & { contact: string; hours: number }) =>
      withStore(async (store) => {
        const roster = await loadRoster(store);
        const contact = findContact(roster, opts.contact);
        if (!contact) {
          const problems = [{ code: 'contact_unknown' as const, params: { got: opts.contact.slice(0, 40) } }];
          return print(opts, problemsJson(problems), problemsText(problems), false);
        }
        const code = oneTimeCode();
        const expiresAt = new Date(deps.now().getTime() + opts.hours * 3_600_000);
        await issueBindCode(store, contact.id, code, expiresAt);
        const unit = roster.units.find((u) => u.id === contact.unitId)?.name ?? contact.unitId;
        print(
          opts,
          { ok: true, code, contact: contact.id, expiresAt: expiresAt.toISOString() },
          say('cli.codeIssued', { code, contact: contact.name, unit, hours: opts.hours }),
          true,
        );
      }),
    );

  const reminders = program.command('reminders').description('提醒：预览与发送');
  reminders
    .command('plan')
    .description('预览某一时刻应发的提醒（不发送）')
    .requiredOption('--at <time>', 'ISO 时间，如 2023-03-24T09:00+08:00', instantOption)
    .option('--json', '输出 JSON')
    .action((opts: Output & { at: Date }) =>
      withStore(async (store) => {
        const calendar = await loadWorkCalendar(store);
        const day = await planDay(store, opts.at, calendar.isWorkday);
        const rows = day.dueToday.map((r) => ({
          recipient: r.recipient.name,
          recipientKind: r.recipient.kind,
          contacts: contactsOf(day.roster, r.recipient.id).length,
          obligation: r.owed.obligation,
          period: r.owed.period,
          county: r.owed.county.name,
          partner: r.owed.partner?.name ?? null,
          kind: r.kind,
          occurrence: r.occurrence,
          due: r.owed.due,
          daysLeft: r.daysLeft,
        }));
        const workday = calendar.isWorkday(day.today);
        const estimated = calendar.estimated(day.today);
        const text = [
          say(workday ? 'cli.remindersPlan' : 'cli.remindersPlanRestDay', {
            date: day.today,
            count: rows.length,
          }),
          ...(estimated ? estimatedNote(calendar, [Number(day.today.slice(0, 4))]) : []),
          ...rows.map((r) =>
            say('cli.remindersPlanLine', {
              ...r,
              kind: say(`reminder.log.kind.${r.kind}`),
              partner: r.partner ? `—${r.partner}` : '',
            }),
          ),
        ].join('\n');
        print(opts, { ok: true, date: day.today, workday, estimated, reminders: rows }, text, true);
      }),
    );
  reminders
    .command('run')
    .description('立即执行一次提醒发送（与定时任务相同）')
    .option('--json', '输出 JSON')
    .action((opts: Output) =>
      withStore(async (store) => {
        const result = await deps.sweep(store);
        print(opts, { ok: true, ...result }, say('cli.remindersRun', { ...result }), true);
      }),
    );

  program
    .command('calendar')
    .description('某一年的全部报送事项、截止日期和责任单位')
    .requiredOption('--year <year>', '年份，如 2023', yearOption)
    .option('--json', '输出 JSON')
    .action((opts: Output & { year: number }) =>
      withStore(async (store) => {
        const rows = calendarRows(await loadRoster(store), opts.year);
        const holidays = estimatedNote(await loadWorkCalendar(store), [opts.year]);
        print(
          opts,
          { ok: true, year: opts.year, obligations: rows, holidays },
          [calendarText(rows), ...holidays].join('\n'),
          true,
        );
      }),
    );

  program
    .command('submit <file>')
    .description('报送一张台账（JSON：{"reporter": "...", "rows": [...]}），与聊天中填报走同一套校验')
    .requiredOption('--as <contact>', '报送人：手机号或联系人编号')
    .requiredOption('--ledger <ledger>', '台账：a1…a7、附件2、L2、M1…')
    .requiredOption('--period <period>', '期间：2023Q1 或 2023')
    .option('--county <county>', '为哪个县报送（县级联系人可省略）')
    .option('--json', '输出 JSON')
    .action((file: string, opts: Output & { as: string; ledger: string; period: string; county?: string }) =>
      withStore(async (store) => {
        const body = readJson(file);
        if (!body.ok) return print(opts, { ok: false, error: body.message }, body.message, false);
        const outcome = await submitSheet(
          store,
          { as: opts.as, ledger: opts.ledger, period: opts.period, county: opts.county, body: body.value },
          'cli',
          deps.now(),
        );
        print(opts, submitJson(outcome), submitText(outcome), outcome.kind === 'saved');
      }),
    );

  program
    .command('status')
    .description('谁还没报、进度与汇总')
    .requiredOption('--period <period>', '期间：2023Q1 或 2023')
    .option('--ledger <ledger>', '只看一张台账')
    .option('--as <contact>', '按某联系人的范围查看')
    .option('--json', '输出 JSON')
    .action((opts: Output & { period: string; ledger?: string; as?: string }) =>
      withStore(async (store) => {
        // An empty roster owes nothing: say so, rather than 完成率 100.0% of nothing.
        if (!(await loadRoster(store)).units.some((u) => u.kind === 'county'))
          return print(opts, { ok: false, error: 'roster_empty' }, say('cli.rosterEmpty'), false);
        const result = await statusReport(
          store,
          { period: opts.period, ledger: opts.ledger, as: opts.as },
          deps.now(),
        );
        if (!result.ok)
          return print(opts, problemsJson(result.problems), problemsText(result.problems), false);
        print(opts, statusJson(result.report), statusText(result.report), true);
      }),
    );

  program
    .command('history')
    .description('某县某台账某期间的全部报送版本')
    .requiredOption('--county <county>', '重点帮扶县名称')
    .requiredOption('--ledger <ledger>', '台账')
    .requiredOption('--period <period>', '期间')
    .option('--as <contact>', '按某联系人的范围查看')
    .option('--json', '输出 JSON')
    .action((opts: Output & { county: string; ledger: string; period: string; as?: string }) =>
      withStore(async (store) => {
        const result = await sheetHistoryReport(store, opts);
        if (!result.ok)
          return print(opts, problemsJson(result.problems), problemsText(result.problems), false);
        print(opts, historyJson(result), historyText(result), true);
      }),
    );

  // 封账 and 重新打开 from the command line: the same use cases, and the same rule (the bureau only), as in chat.
  program
    .command('close')
    .description('封账：此后修改需由省乡村振兴局重新打开（仅省乡村振兴局）')
    .requiredOption('--period <period>', '期间：2023Q1 或 2023')
    .requiredOption('--as <contact>', '操作人：手机号或联系人编号')
    .option('--json', '输出 JSON')
    .action((opts: Output & { period: string; as: string }) =>
      withStore(async (store) => {
        const result = await closePeriod(store, opts, deps.now());
        if (!result.ok)
          return print(opts, problemsJson(result.problems), problemsText(result.problems), false);
        print(
          opts,
          { ok: true, period: result.period },
          say('review.closed', { period: result.period }),
          true,
        );
      }),
    );

  program
    .command('reopen')
    .description('重新打开已封账期间某县的一张台账（仅省乡村振兴局），记入该表的报送记录')
    .requiredOption('--period <period>', '期间')
    .requiredOption('--county <county>', '重点帮扶县名称')
    .requiredOption('--ledger <ledger>', '台账')
    .requiredOption('--as <contact>', '操作人：手机号或联系人编号')
    .option('--reason <reason>', '重新打开的原因（记入报送记录）')
    .option('--json', '输出 JSON')
    .action(
      (opts: Output & { period: string; county: string; ledger: string; as: string; reason?: string }) =>
        withStore(async (store) => {
          const result = await reopenSheet(store, opts, deps.now());
          if (!result.ok)
            return print(opts, problemsJson(result.problems), problemsText(result.problems), false);
          const { county, period, ledger } = result.sheet;
          print(
            opts,
            { ok: true, county: county.name, ledger: ledger.id, period },
            say('review.reopened', { county: county.name, period, ledger: ledger.title }),
            true,
          );
        }),
    );
  addExcelCommands(program, { deps, withStore, print });
  addDocumentsCommand(program, { deps, withStore, print });
  addHolidaysCommand(program, { deps, withStore, print });
  addDataCommands(program, { deps, withStore, print });
  addConversationCommands(program, { deps, withStore, print });
  return program;
}

/** Runs one command line; returns the exit code (0 ok, 1 refused input, 2 usage). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const exit = { code: 0 };
  try {
    await buildProgram(deps, exit).parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof DatabaseUnreachable) {
      deps.err(say('database.unreachableCli', { host: error.host, reason: error.reason }));
      return 1;
    }
    if (error instanceof CliInputError) {
      deps.err(error.message);
      return 1;
    }
    throw error;
  }
}

class CliInputError extends Error {}

function readText(path: string): string {
  return new TextDecoder().decode(readBytes(path));
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliInputError(
      say('cli.fileUnreadable', { path, reason: error instanceof Error ? error.message : String(error) }),
    );
  }
}

function readJson(path: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = readText(path);
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return {
      ok: false,
      message: say('cli.jsonInvalid', {
        path,
        reason: error instanceof Error ? error.message : String(error),
      }),
    };
  }
}

function yearOption(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(say('problem.period_invalid', { got: value }));
  return Number(value);
}

function instantOption(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError('ISO 8601, e.g. 2023-03-24T09:00+08:00');
  return at;
}

function hoursOption(value: string): number {
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours < 1 || hours > 720) throw new InvalidArgumentError('1–720');
  return hours;
}

// No 0/O or 1/I, so a code read aloud over the phone is typed right.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function oneTimeCode(): string {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

function sheetOption(value: string): 'counties' | 'contacts' {
  if (value !== 'counties' && value !== 'contacts') throw new InvalidArgumentError('counties | contacts');
  return value;
}
