// How the CLI shows holiday schedules: days as "1月1日（周四）", runs of days as ranges, what a notice
// was understood to say, how two versions differ, and where each year's workdays come from.
import { addDays, localDate } from '../domain/clock.ts';
import type { ParsedNotice } from '../domain/holiday-notice.ts';
import { LAW_IN_FORCE_SINCE, statutoryHolidays } from '../domain/statutory-holidays.ts';
import { type HolidaySchedule, packageYears, type WorkCalendar } from '../domain/workdays.ts';
import { say } from '../prompts.ts';
import type { StoredSchedule } from '../store/holidays-repo.ts';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** "1月1日（周四）", with the year when it is not `year`. */
export function dayText(date: string, year?: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  return `${y === year ? '' : `${y}年`}${m}月${d}日（周${weekday}）`;
}

/** Sorted days as runs: "2月15日（周日）至2月23日（周一）、2月28日（周六）". */
export function daysText(dates: readonly string[], year?: number): string {
  const runs: string[][] = [];
  for (const date of [...dates].sort()) {
    const run = runs.at(-1);
    if (run && addDays(run.at(-1) ?? '', 1) === date) run.push(date);
    else runs.push([date]);
  }
  return runs
    .map((run) =>
      run.length === 1
        ? dayText(run[0] ?? '', year)
        : say('holidays.range', {
            from: dayText(run[0] ?? '', year),
            to: dayText(run.at(-1) ?? '', year),
            days: run.length,
          }),
    )
    .join('、');
}

export function noticeText(notice: ParsedNotice): string {
  const { year } = notice;
  return [
    say('holidays.understood', { year }),
    ...notice.holidays.map((h) =>
      say('holidays.item', {
        name: h.name || say('holidays.unnamed'),
        rest: h.rest.length > 0 ? say('holidays.rest', { days: daysText(h.rest, year) }) : '',
        work: h.work.length > 0 ? say('holidays.work', { days: daysText(h.work, year) }) : '',
      }),
    ),
    ...notice.setAside.map((text) => say('holidays.setAside', { text })),
    say('holidays.totals', { rest: notice.rest.length, work: notice.work.length }),
    ...missingStatutory(notice),
  ].join('\n');
}

/** A statutory day off the schedule does not give off: most likely an item was not pasted. */
function missingStatutory(notice: ParsedNotice): string[] {
  if (notice.year < LAW_IN_FORCE_SINCE) return [];
  const missing = statutoryHolidays(notice.year).filter((h) => !notice.rest.includes(h.date));
  const names = [...new Set(missing.map((h) => h.name))];
  if (names.length === 0) return [];
  const holidays = names
    .map((name) => {
      const days = missing.filter((h) => h.name === name).map((h) => h.date);
      return `${name}（${daysText(days, notice.year)}）`;
    })
    .join('、');
  return [say('holidays.statutoryMissing', { holidays })];
}

/** What changes from the stored schedule to a new one, a line per kind of change; empty when equal. */
export function scheduleDiff(before: HolidaySchedule, after: HolidaySchedule): string[] {
  const only = (a: readonly string[], b: readonly string[]) => a.filter((d) => !b.includes(d));
  const changes = [
    ['restAdded', only(after.rest, before.rest)],
    ['restRemoved', only(before.rest, after.rest)],
    ['workAdded', only(after.work, before.work)],
    ['workRemoved', only(before.work, after.work)],
  ] as const;
  return changes
    .filter(([, dates]) => dates.length > 0)
    .map(([change, dates]) => say(`holidays.diff.${change}`, { days: daysText(dates, after.year) }));
}

/** A line per year around `now`: the package's span, each entered year, and this and next year. */
export function coverageLines(
  calendar: WorkCalendar,
  stored: readonly StoredSchedule[],
  now: Date,
): string[] {
  const span = packageYears();
  const year = Number(localDate(now).slice(0, 4));
  const years = [...new Set([...stored.map((s) => s.year), year, year + 1])].sort((a, b) => a - b);
  return [
    say('holidays.coverage.package', span),
    ...years.map((y) => {
      const entered = stored.find((s) => s.year === y);
      if (entered) {
        return say('holidays.coverage.entered', {
          year: y,
          version: entered.version,
          at: localDate(new Date(entered.enteredAt)),
          by: entered.enteredBy,
          rest: entered.rest.length,
          work: entered.work.length,
        });
      }
      return calendar.basis(y) === 'package'
        ? say('holidays.coverage.packageYear', { year: y })
        : say('holidays.coverage.estimated', { year: y, days: daysText(estimatedRest(y), y) });
    }),
  ];
}

/** The statutory days off the calendar assumes for a year it has no schedule for. */
export function estimatedRest(year: number): string[] {
  return statutoryHolidays(year).map((h) => h.date);
}

/** A note for the years among `years` whose days are estimated; empty when none are. */
export function estimatedNote(calendar: WorkCalendar, years: readonly number[]): string[] {
  return [...new Set(years)]
    .filter((y) => calendar.basis(y) === 'estimated')
    .map((y) => say('holidays.estimatedNote', { year: y, days: daysText(estimatedRest(y), y) }));
}
