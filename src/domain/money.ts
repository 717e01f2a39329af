// Money is entered in 万元 with at most 4 decimals (= 1 元) and kept as integer 元, so totals never
// drift (DESIGN §4). Parsing works on the decimal text, never through a float.

const YUAN_PER_WAN = 10_000;
// 11 whole digits: 10^11 万元 = 10^15 元 stays within JavaScript's exact integers (2^53 ≈ 9×10^15).
const WAN_TEXT = /^(\d{1,11})(?:\.(\d{1,4}))?$/;

export type MoneyProblem = 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large';

export type Parsed<T, P> = { ok: true; value: T } | { ok: false; problem: P };

/** Parses a 万元 amount typed by a person ("12.5", "１２.５", "1,234.0001", 3.25) into integer 元. */
export function parseWan(input: string | number): Parsed<number, MoneyProblem> {
  const text = normaliseNumberText(typeof input === 'number' ? numberToPlainText(input) : input);
  if (text.startsWith('-')) return WAN_TEXT.test(text.slice(1)) ? fail('negative') : fail('not_a_number');
  const match = WAN_TEXT.exec(text);
  if (!match) {
    const decimals = /^\d+\.(\d+)$/.exec(text)?.[1];
    if (decimals && decimals.length > 4) return fail('too_many_decimals');
    if (/^\d{12,}(\.\d+)?$/.test(text)) return fail('too_large');
    return fail('not_a_number');
  }
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(4, '0'));
  return { ok: true, value: whole * YUAN_PER_WAN + fraction };
}

/** Integer 元 → "12.3456" (exact, trailing zeros trimmed), the form a person typed. */
export function yuanToWanText(yuan: number): string {
  const sign = yuan < 0 ? '-' : '';
  const abs = Math.abs(yuan);
  const whole = Math.floor(abs / YUAN_PER_WAN);
  const fraction = String(abs % YUAN_PER_WAN)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** Integer 元 → 万元 with 2 decimals for display ("12.35"), rounding half away from zero. */
export function formatWan(yuan: number): string {
  const sign = yuan < 0 ? '-' : '';
  const cents = Math.round(Math.abs(yuan) / 100); // 1/100 万元 = 100 元
  return `${sign}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Integer 元 → 万元 as a number for spreadsheets (exact to 4 decimals). */
export function yuanToWan(yuan: number): number {
  return Number(yuanToWanText(yuan));
}

export type CountProblem = 'not_an_integer' | 'negative' | 'too_large';

/** Parses a non-negative whole count (人, 人次, 个, 次, 家, 对). */
export function parseCount(input: string | number): Parsed<number, CountProblem> {
  const text = normaliseNumberText(typeof input === 'number' ? numberToPlainText(input) : input);
  if (/^-\d+(\.0+)?$/.test(text)) return fail('negative');
  const match = /^(\d{1,12})(?:\.0+)?$/.exec(text);
  if (!match) return /^\d{13,}$/.test(text) ? fail('too_large') : fail('not_an_integer');
  return { ok: true, value: Number(match[1]) };
}

function fail<P>(problem: P): { ok: false; problem: P } {
  return { ok: false, problem };
}

function numberToPlainText(n: number): string {
  if (!Number.isFinite(n)) return 'NaN';
  // The shortest text that reads back as the same number (what a spreadsheet cell shows), without
  // exponent notation: 1e-7 would otherwise hide that it has too many decimals.
  // 15 significant digits drop binary noise (0.1 + 0.2 → 0.3; 524288.0001 stays 524288.0001).
  const shortest = String(Number(n.toPrecision(15)));
  if (!/e/i.test(shortest)) return shortest;
  return Math.abs(n) < 1 ? n.toFixed(20).replace(/0+$/, '') : BigInt(Math.round(n)).toString();
}

/** Full-width digits, thousands separators and surrounding blanks are common in pasted figures. */
function normaliseNumberText(text: string): string {
  return text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/－/g, '-')
    .replace(/[,，](?=\d{3}(\D|$))/g, '');
}
