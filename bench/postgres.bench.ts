// The national-scale questions on PostgreSQL beside SQLite, same run, same code: "谁还没报" at 832
// counties and the national morning sweep (plan + enqueue for ~10,000 recipients). PostgreSQL is the
// Debian server started for the run by scripts/with-postgres.sh on loopback, with its durable defaults
// (fsync on): unless TEST_POSTGRES_URL names one, this section runs itself again under that script.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../src/store/postgres.ts';
import { measure } from './status.bench.ts';
import { type Engine, MIGRATIONS, median, ms, type Section, sqliteEngine } from './support.ts';
import { sweep } from './sweep.bench.ts';

const RUNS = 3;

export async function benchPostgres(): Promise<Section> {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) return underPostgres('postgres', '### PostgreSQL beside SQLite');
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const engine: Engine = async () => {
    const name = `bangfu_bench_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const at = new URL(url);
    at.pathname = `/${name}`;
    const store = await openPostgres(at.toString(), MIGRATIONS);
    return {
      store,
      // The fill is 40,000 commits in a minute; autovacuum would analyze the table and mark its pages
      // all-visible (so counts read the index alone) shortly after. Done at once here.
      async settle() {
        const client = new pg.Client({ connectionString: at.toString() });
        await client.connect();
        await client.query('VACUUM ANALYZE');
        await client.end();
      },
      async cleanup() {
        await store.close();
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      },
    };
  };
  const server = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]
    ?.server_version;

  const status = { sqlite: await measure(832, sqliteEngine), postgres: await measure(832, engine) };
  const sweeps = { sqlite: [] as number[], postgres: [] as number[] };
  let recipients = 0;
  for (let i = 0; i < RUNS; i++) {
    sweeps.sqlite.push((await sweep(832, 12, false, sqliteEngine)).planned);
    const run = await sweep(832, 12, false, engine);
    sweeps.postgres.push(run.planned);
    recipients = run.recipients;
  }
  await admin.end();

  const pgUnreported = status.postgres.unreported;
  const pgSweep = median(sweeps.postgres);
  const lines = [
    `### PostgreSQL beside SQLite`,
    ``,
    `The same national questions on PostgreSQL ${server} (Debian's server, started for the run on loopback, default settings: fsync and synchronous commit on, shared_buffers 128 MB) and on SQLite, same run, same code. “谁还没报” asked ${pgUnreported.count} times at 832 counties (${status.postgres.revisions} revisions), the others 200; the national sweep (plan + enqueue, ${recipients.toLocaleString('en')} recipients) ${RUNS} times on each, each on a fresh database (PostgreSQL: ${sweeps.postgres.map(ms).join(' · ')}; SQLite: ${sweeps.sqlite.map(ms).join(' · ')}). Client and server share this machine's two cores: this compares the engines under the same code; it does not show how PostgreSQL scales out.`,
    ``,
    `| question (832 counties) | SQLite p50 | SQLite p99 | PostgreSQL p50 | PostgreSQL p99 | p99 ratio PG/SQLite |`,
    `|---|---|---|---|---|---|`,
    ...(['unreported', 'progress', 'summary'] as const).map((k) => {
      const label = { unreported: '谁还没报 附件2', progress: '进度', summary: '汇总 附件2' }[k];
      const a = status.sqlite[k];
      const b = status.postgres[k];
      return `| ${label} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ms(b.p99)} | ${(b.p99 / a.p99).toFixed(2)} |`;
    }),
    `| national sweep, plan + enqueue (median of ${RUNS}) | ${ms(median(sweeps.sqlite))} | — | ${ms(pgSweep)} | — | ${(pgSweep / median(sweeps.sqlite)).toFixed(2)} (medians) |`,
  ];
  return {
    lines,
    targets: [
      {
        target: 'PostgreSQL: national-scale “谁还没报” p99 < 10 ms',
        figure: `${ms(pgUnreported.p99)} at 832 counties (p50 ${ms(pgUnreported.p50)}; SQLite ${ms(status.sqlite.unreported.p99)})`,
        met: pgUnreported.p99 < 10,
      },
      {
        target: 'PostgreSQL: sweep for 10,000 recipients < 1 s',
        figure: `${ms(pgSweep)} plan + enqueue for ${recipients.toLocaleString('en')} recipients, median of ${RUNS}; slowest ${ms(Math.max(...sweeps.postgres))} (SQLite ${ms(median(sweeps.sqlite))})`,
        met: Math.max(...sweeps.postgres) < 1000,
      },
    ],
  };
}

/** Bench section `name` (its heading `heading`) again, beside a PostgreSQL server of its own; skipped,
 *  saying why, when none can be started. */
export async function underPostgres(name: string, heading: string): Promise<Section> {
  const script = fileURLToPath(new URL('../scripts/with-postgres.sh', import.meta.url));
  const run = fileURLToPath(new URL('./run.ts', import.meta.url));
  try {
    const { stdout } = await promisify(execFile)(
      'bash',
      [script, process.execPath, '--import', 'tsx', run, name, '--section'],
      { maxBuffer: 16 << 20 },
    );
    return JSON.parse(stdout) as Section;
  } catch (error) {
    const why = String((error as { stderr?: string }).stderr ?? error)
      .trim()
      .split('\n')
      .at(-1);
    return {
      lines: [heading, '', `Skipped: no PostgreSQL server could be started (${why}).`],
      targets: [],
    };
  }
}
