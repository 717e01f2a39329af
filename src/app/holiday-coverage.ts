// Where the work calendar stands, for /health and the start-up log: the years the package covers, the
// years the bureau entered, and which of this year and the next are estimated (no schedule at all).
import { localDate } from '../domain/clock.ts';
import { packageYears } from '../domain/workdays.ts';
import { loadWorkCalendar } from '../store/holidays-repo.ts';
import type { Store } from '../store/store.ts';

export interface HolidayCoverage {
  packageYears: { from: number; to: number };
  enteredYears: number[];
  /** This year and the next, where the calendar only estimates (statutory holidays, no 调休). */
  estimatedYears: number[];
}

export async function holidayCoverage(store: Store, now: Date): Promise<HolidayCoverage> {
  const calendar = await loadWorkCalendar(store);
  const year = Number(localDate(now).slice(0, 4));
  return {
    packageYears: packageYears(),
    enteredYears: calendar.enteredYears(),
    estimatedYears: [year, year + 1].filter((y) => calendar.basis(y) === 'estimated'),
  };
}
