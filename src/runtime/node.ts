// The Node entry (the embedded default): SQLite file, migrations applied, the demo roster seeded into
// an empty database, Hono on PORT, the reminder sweep every five minutes. With Feishu credentials the
// Feishu route is mounted; without, the console and dashboard are, with a demo clock (`--now <ISO>` or
// DEMO_NOW). The only files that read the environment are the runtime entries.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import cron from 'node-cron';
import pino from 'pino';
import { pruneExpiredUploads } from '../app/documents.ts';
import { holidayCoverage } from '../app/holiday-coverage.ts';
import { inboxPump } from '../app/inbox.ts';
import { pruneHourly } from '../app/prune.ts';
import { seedIfEmpty } from '../app/roster.ts';
import { say } from '../prompts.ts';
import { fsDocumentStore } from '../store/fs-documents.ts';
import { leaseHolders, releaseMessages } from '../store/inbox-repo.ts';
import { readMigrations } from '../store/migrate.ts';
import { openSqlite } from '../store/sqlite.ts';
import { createDemoClock, systemClock } from './clock.ts';
import { composeApp, composeChannels, inboxDeps, type Runtime, sweeper } from './compose.ts';
import { readConfig } from './config.ts';
import { nodeHttpTransport } from './node-http-transport.ts';
import { processAlive } from './process-alive.ts';
import { startupLines } from './startup.ts';
import { readWebAssets } from './web-assets.ts';
import { workbookThread } from './workbook-thread.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const flags = parseArgs({ options: { now: { type: 'string' } }, strict: false }).values;
const configured = readConfig({
  ...process.env,
  ...(typeof flags.now === 'string' ? { DEMO_NOW: flags.now } : {}),
});
if (!configured.ok) {
  for (const line of [...configured.errors, say('config.failed')]) process.stderr.write(`${line}\n`);
  process.exit(1);
}
const config = configured.config;
const logger = pino({ level: config.logLevel });
const version = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { version: string }).version;

const store = openSqlite(config.databaseUrl, readMigrations(root('migrations')), {
  backgroundCheckpoints: { onProblem: (message) => logger.warn({ message }, 'sqlite checkpoint') },
});
if (
  await seedIfEmpty(
    store,
    readFileSync(root('data/roster.csv'), 'utf8'),
    readFileSync(root('data/demo-contacts.csv'), 'utf8'),
  )
) {
  logger.info({ databaseUrl: config.databaseUrl }, 'seeded the demo roster into an empty database');
}

// Work deferred past a response is tracked so shutdown waits for it.
const pending = new Set<Promise<unknown>>();
// The demo clock exists only in demo mode (console on, no chat platform); production reads the system's.
const demoClock = config.console.demo ? createDemoClock(config.demoNow ?? undefined) : undefined;
const clock = demoClock ?? systemClock;
const documents = fsDocumentStore(config.documentsDir);
const runtime: Runtime = {
  store,
  now: () => clock.now(),
  logger,
  worker: `${hostname()}:${process.pid}`,
  documents,
  transport: nodeHttpTransport(),
  parseWorkbook: workbookThread(),
  clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown',
  version,
  ...(demoClock ? { demoClock } : {}),
  ...(config.console.enabled ? { webAssets: readWebAssets(root) } : {}),
  defer(work) {
    const tracked = work
      .catch((error: unknown) => logger.error({ err: error }, 'deferred work failed'))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  },
};
const coverage = await holidayCoverage(store, runtime.now());
if (coverage.estimatedYears.length > 0) {
  const years = coverage.estimatedYears.join('、');
  logger.warn(coverage, say('holidays.startupWarning', { years, command: say('holidays.enterCommand') }));
}
const channels = composeChannels(config, runtime);
// Sixteen chat messages handled at a time: their replies leave at the platform's pace anyway.
const inbox = inboxPump(inboxDeps(runtime, channels), 16);
const app = composeApp(config, runtime, channels, inbox);
const sweep = sweeper(channels, runtime);

// Messages a previous run of this process had taken and not finished (it was killed): answer them now
// rather than when their lease runs out. Holders are `host:pid`; ours is gone unless its pid still runs
// something else than us (a container restarted as pid 1 is us) — a zombie runs nothing.
const released = await releaseMessages(
  store,
  (await leaseHolders(store)).filter((holder) => {
    const [host, pid] = holder.split(':');
    return host === hostname() && (Number(pid) === process.pid || !processAlive(Number(pid)));
  }),
);
if (released > 0) logger.info({ released }, 'messages left by a stopped process taken back');
inbox.wake();

const tasks = [
  cron.schedule(
    '*/5 * * * *',
    () => runtime.defer(sweep(runtime.now()).then((r) => logger.info(r, 'reminder sweep'))),
    {
      timezone: 'Asia/Shanghai',
      noOverlap: true,
    },
  ),
  // Messages whose handling could not start (the store failed) or whose lease ran out.
  cron.schedule('* * * * *', () => inbox.wake(), { timezone: 'Asia/Shanghai', noOverlap: true }),
  cron.schedule('17 * * * *', () => runtime.defer(pruneHourly(store, runtime.now())), {
    timezone: 'Asia/Shanghai',
    noOverlap: true,
  }),
  // Files sent in chat and never confirmed: their bytes go once the 24 h are up.
  cron.schedule('23 * * * *', () => runtime.defer(pruneExpiredUploads(store, documents, runtime.now())), {
    timezone: 'Asia/Shanghai',
    noOverlap: true,
  }),
];

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  logger.info(
    { port: info.port, feishu: config.feishu !== null },
    say('cli.serverListening', { port: info.port, database: config.databaseUrl }),
  );
  const lines = startupLines(config, info.port, demoClock && config.demoNow ? demoClock.now() : null);
  process.stdout.write(`${lines.join('\n')}\n`);
});

const shutdown = (signal: string) => {
  logger.info({ signal }, 'shutting down');
  for (const task of tasks) void task.stop();
  inbox.stop();
  server.close(() => {
    void Promise.allSettled([...pending])
      .then(() => store.close())
      .then(() => process.exit(0));
  });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
