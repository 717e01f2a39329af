// PostgreSQL's text cannot hold U+0000 (SQLite's and D1's can): a parameter with one fails its
// statement, and a chat message or id carrying one (the platforms pass them on) would fail its
// request. On PostgreSQL every string parameter is sent with U+0000 as U+FFFD (the replacement
// character) instead (postgres.ts); what compares a value read back with one sent asks `storedText`.
import type { Store } from './store.ts';

/** `value` with every string in it (arrays too) as PostgreSQL stores it. */
export function nulFree(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD');
  return Array.isArray(value) ? value.map(nulFree) : value;
}

/** A string as `store` keeps it: unchanged but on PostgreSQL. */
export function storedText(store: Store, value: string): string {
  return store.engine === 'postgres' ? value.replaceAll('\u0000', '\uFFFD') : value;
}
