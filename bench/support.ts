// Shared pieces of the benchmarks: a generated national-scale roster, timing and percentiles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Roster } from '../src/domain/roster.ts';
import { importContactSheet, importCountySheet } from '../src/domain/roster-csv.ts';
import { readMigrations } from '../src/store/migrate.ts';
import type { OpenedStore } from '../src/store/open.ts';
import { saveRoster } from '../src/store/roster-repo.ts';
import { openSqlite } from '../src/store/sqlite.ts';

export const MIGRATIONS = readMigrations(fileURLToPath(new URL('../migrations', import.meta.url)));

/** A roster of `counties` counties in 17 cities, each with a lead unit, a central unit for 2 in 3, one or two helpers. */
export function generatedRoster(counties: number, contactsPerCounty = 1): Roster {
  const lines = ['county,city,hosts_central_units,central_unit,lead_unit,helpers,source_note'];
  for (let i = 0; i < counties; i++) {
    const helpers = i % 3 === 0 ? `帮扶市${i}甲;帮扶市${i}乙` : `帮扶市${i}`;
    lines.push(
      `测试县${i},测试市${i % 17},${i % 3 === 2 ? 'no' : 'yes'},${i % 3 === 2 ? '' : `中央单位${i % 40}`},牵头单位${i},${helpers},`,
    );
  }
  const imported = importCountySheet(
    { units: [], relations: [], villages: [], contacts: [] },
    lines.join('\n'),
  );
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems.slice(0, 3)));
  const contacts = [
    'unit_kind,unit,name,mobile,platform,platform_user_id,demo',
    'bureau,省乡村振兴局,局联络员,13900000000,console,u-bureau,yes',
  ];
  let n = 1;
  for (const unit of imported.roster.units) {
    const per = unit.kind === 'county' ? contactsPerCounty : 1;
    for (let k = 0; k < per; k++, n++)
      contacts.push(
        `${unit.kind},${unit.name},联络员${n},139${String(n).padStart(8, '0')},console,u-${n},yes`,
      );
  }
  const withContacts = importContactSheet(imported.roster, contacts.join('\n'));
  if (!withContacts.ok) throw new Error(JSON.stringify(withContacts.problems.slice(0, 3)));
  return withContacts.roster;
}

export interface BenchStore {
  store: OpenedStore;
  /** After a bulk fill: what the database does by itself soon after (PostgreSQL's autovacuum). */
  settle?(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Where a benchmark keeps its data: a fresh SQLite file (the default), or a fresh PostgreSQL
 *  database (bench/postgres.bench.ts). */
export type Engine = () => Promise<BenchStore>;

export const sqliteEngine: Engine = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bench-'));
  const store = openSqlite(`file:${join(dir, 'bench.db')}`, MIGRATIONS);
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export async function tempStore(roster: Roster, engine: Engine = sqliteEngine): Promise<BenchStore> {
  const opened = await engine();
  await saveRoster(opened.store, roster);
  return opened;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export interface Timing {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

/** Runs `fn` `count` times (after `warmup`), returning latency percentiles in ms. */
export async function time(count: number, fn: (i: number) => Promise<unknown>, warmup = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return {
    count,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((s, x) => s + x, 0) / count,
  };
}

export function rssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export const ms = (x: number): string => `${x.toFixed(2)} ms`;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One of issue 10's targets, as this run measured it. */
export interface Target {
  target: string;
  figure: string;
  met: boolean;
}

/** What a benchmark reports: its section of RESULTS.md and the targets it measures. */
export interface Section {
  lines: string[];
  targets: Target[];
}
