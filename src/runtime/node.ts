// The Node entry (the embedded default): SQLite file, migrations applied, the demo roster seeded into
// an empty database, Hono on PORT, the reminder sweep every five minutes. A platform whose credentials
// are set is served (its webhook or its connection out); without any, the console and dashboard are,
// with a demo clock (`--now <ISO>` or DEMO_NOW, else the demo story's moment) and, in a database
// without filings, the demo story's few fictitious ones. The only files that read the environment are
// the runtime entries.
import { randomBytes } from 'node:crypto';
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
import { createStartingApp } from '../http/app.ts';
import { say } from '../prompts.ts';
import { shownDatabaseUrl } from '../store/database-url.ts';
import { fsDocumentStore } from '../store/fs-documents.ts';
import { leaseHolders, releaseMessages, waitingMessages } from '../store/inbox-repo.ts';
import { readMigrations } from '../store/migrate.ts';
import { createDemoClock, systemClock } from './clock.ts';
import { composeApp, composeChannels, inboxDeps, type Runtime, settleChannels, sweeper } from './compose.ts';
import { readConfig } from './config.ts';
import { connectStore } from './connect.ts';
import { type Connections, startConnections } from './connections.ts';
import { DEMO_STORY_NOW, tellDemoStory } from './demo-story.ts';
import { createMetrics } from './metrics.ts';
import { nodeHttpTransport } from './node-http-transport.ts';
import { processAlive } from './process-alive.ts';
import { outboundProxy } from './proxy.ts';
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

// Listening from the start: until the database is reached, /health says not ready (the addresses are
// printed once the app is).
// The Node bindings (the socket) go through with each request: the console reads the caller's address.
let fetchHandler: (request: Request, env?: unknown) => Response | Promise<Response> = createStartingApp({
  version,
  message: () => say('database.connecting', { host: shownDatabaseUrl(config.databaseUrl) }),
}).fetch;
let listened: (info: { port: number }) => void = () => {};
const listening = new Promise<{ port: number }>((resolve) => {
  listened = resolve;
});
const server = serve(
  { fetch: (request, env) => fetchHandler(request, env), port: config.port, hostname: config.host },
  (info) => listened(info),
);
const store = await connectStore(
  config.databaseUrl,
  readMigrations(root('migrations')),
  {
    backgroundCheckpoints: { onProblem: (message) => logger.warn({ message }, 'sqlite checkpoint') },
    onProblem: (message) => logger.warn({ message }, 'postgresql'),
  },
  { warn: (obj, message) => logger.warn(obj, message) },
);
if (
  await seedIfEmpty(
    store,
    readFileSync(root('data/roster.csv'), 'utf8'),
    readFileSync(root('data/demo-contacts.csv'), 'utf8'),
  )
) {
  logger.info(
    { databaseUrl: shownDatabaseUrl(config.databaseUrl) },
    'seeded the demo roster into an empty database',
  );
}

// Work deferred past a response is tracked so shutdown waits for it.
const pending = new Set<Promise<unknown>>();
// The demo clock exists only in demo mode (console on, no chat platform); production reads the system's.
// Without --now or DEMO_NOW it stands where the demo story does (demo-story.ts): inside a reporting period.
const demoClock = config.console.demo ? createDemoClock(config.demoNow ?? DEMO_STORY_NOW) : undefined;
const clock = demoClock ?? systemClock;
const documents = fsDocumentStore(config.documentsDir);
// Every call out goes through HTTPS_PROXY / HTTP_PROXY when set (NO_PROXY excepted).
const proxy = outboundProxy();
const transport = nodeHttpTransport(proxy ? { agentFor: proxy.agentFor } : {});
let connections: Connections | undefined;
const metrics = createMetrics({
  waitingMessages: () => waitingMessages(store),
  connections: () => connections?.snapshots() ?? [],
});
const runtime: Runtime = {
  store,
  now: () => clock.now(),
  logger,
  // The instance: leases and claims name it. The pid tells a restart on this host what a killed run
  // held; the random part tells apart two containers whose host name and pid are the same.
  worker: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  documents,
  transport,
  ...(proxy ? { fetch: proxy.fetch } : {}),
  connections: () => connections?.snapshots() ?? [],
  metrics,
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
await settleChannels(channels, logger);
// The demo's first run: a few fictitious filings in several states, through the bot's own use cases.
const storyTold = config.console.demo ? await tellDemoStory(channels.bot) : false;
if (storyTold) logger.info('filed the demo story into a store without revisions');
// Sixteen chat messages handled at a time: their replies leave at the platform's pace anyway.
const inbox = inboxPump(inboxDeps(runtime, channels), 16);
const app = composeApp(config, runtime, channels, inbox);
// Long connections (FEISHU_MODE=long-connection, DINGTALK_MODE=stream): no public URL needed.
connections = startConnections(runtime, channels, inbox, {
  transport,
  ...(proxy ? { agentFor: proxy.agentFor } : {}),
});
const sweep = sweeper(channels, runtime);

// Messages a previous run on this host had taken and not finished (it was killed): answer them now
// rather than when their lease runs out. Holders are `host:pid:…`; theirs is gone unless its pid still
// runs something else (a container restarted as pid 1 has ours; a zombie runs nothing). Instances
// elsewhere are left to their leases.
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

fetchHandler = app.fetch;
const info = await listening;
logger.info(
  {
    port: info.port,
    platforms: Object.fromEntries(config.platforms.map((p) => [p.platform, p.described])),
    proxy: config.proxy,
  },
  say('cli.serverListening', { port: info.port, database: shownDatabaseUrl(config.databaseUrl) }),
);
const lines = startupLines(config, info.port, demoClock ? demoClock.now() : null);
if (storyTold) lines.push(say('start.demoStory'));
process.stdout.write(`${lines.join('\n')}\n`);

function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  for (const task of tasks) void task.stop();
  inbox.stop();
  // No new events once the connections are closed; what they started is among `pending`.
  const closed = connections?.stop() ?? Promise.resolve();
  server.close(() => {
    void Promise.allSettled([closed, ...pending])
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
