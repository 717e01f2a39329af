// China's statutory holidays and make-up working days (调休), from the maintained chinese-days tables.
import chineseDays from 'chinese-days';
import { addDays } from './clock.ts';

/** Whether a local date "YYYY-MM-DD" is a working day in mainland China. */
export function isWorkday(date: string): boolean {
  return chineseDays.isWorkday(date);
}

/** The date itself if it is a workday, else the nearest workday before it. */
export function workdayOnOrBefore(date: string, workday: (d: string) => boolean = isWorkday): string {
  let d = date;
  for (let i = 0; i < 30 && !workday(d); i++) d = addDays(d, -1);
  return d;
}

/** The date itself if it is a workday, else the nearest workday after it. */
export function workdayOnOrAfter(date: string, workday: (d: string) => boolean = isWorkday): string {
  let d = date;
  for (let i = 0; i < 30 && !workday(d); i++) d = addDays(d, 1);
  return d;
}
