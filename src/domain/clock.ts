// The bureau works in China Standard Time (UTC+8, no daylight saving). Every due date and "today"
// is a local calendar date; instants are compared only after conversion.

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The local date "YYYY-MM-DD" in Asia/Shanghai of an instant. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:mm" in Asia/Shanghai: how every time a person reads is written. */
export function localDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whole days from local date a to local date b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** "2023-03-24T09:30:00+08:00", "2023-03-24T09:30" or "2023-03-24" (times without an offset are
 *  Beijing time; a date alone means 10:00 that day). */
export function parseMoment(text: string): Date | null {
  const t = text.trim();
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T10:00` : t;
  const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(withTime)
    ? `${withTime}+08:00`
    : withTime;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(withOffset)) return null;
  const at = new Date(withOffset);
  // Date rolls 02-30 over to March: the calendar date written must be a real one.
  const date = t.slice(0, 10);
  const real = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || Number.isNaN(real.getTime())) return null;
  return real.toISOString().slice(0, 10) === date ? at : null;
}
