// The console shows and takes Beijing time (UTC+8, no daylight saving), whatever the browser's zone.
const OFFSET_MS = 8 * 3_600_000;

/** "2023-03-27T10:00" — the value of a datetime-local input. */
export function beijingInput(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** "2023-03-27 10:00". */
export function beijingText(at: Date): string {
  return beijingInput(at).replace('T', ' ');
}

/** The instant of a datetime-local value in Beijing time; null for a date that does not exist. */
export function fromBeijingInput(value: string): Date | null {
  const at = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
  if (Number.isNaN(at.getTime())) return null;
  const year = at.getUTCFullYear();
  return beijingInput(at) === value.slice(0, 16) && year >= 2000 && year <= 2100 ? at : null;
}
