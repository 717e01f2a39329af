// The Cloudflare Workers handler: the same Hono app and reminder sweep as the Node entry, over D1.
// worker.ts (wrangler.toml's main) exports it as its default and nothing else: workerd treats every
// named export of the main module as an entrypoint and refuses to start on a constant.
// Configuration comes from the Worker's vars and secrets (wrangler.toml, `wrangler secret put`); work
// deferred past a response goes to the request's `ctx.waitUntil`; the Cron Triggers answer chat messages
// left waiting and run the sweep (every five minutes) and forget old event ids (hourly), as node-cron
// does on Node. Nothing here may pull in Node-only modules (better-sqlite3, node-cron, fs, pino):
// test/runtime/worker-bundle.test.ts builds the bundle and checks.
import { AsyncLocalStorage } from 'node:async_hooks';
import packageJson from '../../package.json';
import { pruneExpiredUploads } from '../app/documents.ts';
import { holidayCoverage } from '../app/holiday-coverage.ts';
import { drainInbox, type InboxDeps } from '../app/inbox.ts';
import { pruneHourly } from '../app/prune.ts';
import { seedIfEmpty } from '../app/roster.ts';
import { notMigrated } from '../http/app.ts';
import { say } from '../prompts.ts';
import type { SweepResult } from '../reminders/sweep.ts';
import { type D1DatabaseLike, openD1 } from '../store/d1.ts';
import type { DocumentStore } from '../store/document-store.ts';
import { type R2BucketLike, r2DocumentStore } from '../store/r2-documents.ts';
import { schemaState } from '../store/schema-state.ts';
import type { Store } from '../store/store.ts';
import { composeApp, composeChannels, inboxDeps, type Logger, type Runtime, sweeper } from './compose.ts';
import { readConfig } from './config.ts';
import { consoleLogger } from './console-logger.ts';
import { CONTACTS_CSV, ROSTER_CSV } from './demo-roster.ts';

/** The bindings wrangler.toml declares; every var and secret is a string property besides. */
export interface WorkerEnv {
  DB: D1DatabaseLike;
  /** Received files (issue #5); without the binding the bot refuses files, as Node does without a directory. */
  DOCUMENTS?: R2BucketLike;
}

/** The parts of the Workers ExecutionContext and ScheduledController used here. */
export interface WorkerContext {
  waitUntil(work: Promise<unknown>): void;
}
export interface WorkerController {
  cron: string;
  scheduledTime: number;
}

/** Reminder messages one scheduled run sends at most (see the D1 query limit where it is set). */
export const WORKER_SWEEP_BATCH = 150;

/** Chat messages one scheduled run answers at most: those a request took in and did not finish (rare).
 *  A few dozen queries each at most, beside the sweep's ~600 of the invocation's 1,000. */
export const WORKER_INBOX_BATCH = 10;

/** The hourly cron in wrangler.toml that prunes processed event ids; every other cron sweeps. */
export const PRUNE_CRON = '17 * * * *';

/** What wrangler applies the migrations with; README: "Deploy on Cloudflare Workers". */
const MIGRATE_COMMAND = 'npx wrangler d1 migrations apply DB --remote';

export type ScheduledResult =
  | { sweep: SweepResult; answered: number }
  | { pruned: number; expiredUploads: number }
  | { notMigrated: true };

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response>;
  /** Resolves to what the run did (Workers ignores it; tests read it). */
  scheduled(controller: WorkerController, env: WorkerEnv, ctx: WorkerContext): Promise<ScheduledResult>;
}

interface Built {
  app: ReturnType<typeof composeApp>;
  sweep: (now: Date) => Promise<SweepResult>;
  inbox: InboxDeps;
  store: Store;
  documents: DocumentStore | null;
  logger: Logger;
  /** Seeds the demo roster into an empty database (as `npm start` does) once per isolate. */
  seeded(): Promise<void>;
  /** Null once the database has every migration (then no more asked in this isolate); else why not,
   *  logged once per isolate. */
  unmigrated(): Promise<string | null>;
}

/** `now` is injectable for tests that replay a fixed moment; production reads the system clock. */
export function createWorker(options: { now?: () => Date } = {}): WorkerHandler {
  const now = options.now ?? (() => new Date());
  // The request whose ctx takes deferred work: the app is built once per isolate and shared by
  // concurrent requests, so `defer` looks the current one up rather than capturing one.
  const current = new AsyncLocalStorage<WorkerContext>();
  // One app per env object (an isolate keeps its env; a test may pass another).
  const built = new WeakMap<object, Built | { errors: string[] }>();

  function build(env: WorkerEnv): Built | { errors: string[] } {
    const known = built.get(env);
    if (known) return known;
    const configured = readConfig(stringVars(env));
    if (!configured.ok) {
      const failed = { errors: [...configured.errors, say('config.failed')] };
      built.set(env, failed);
      return failed;
    }
    const config = configured.config;
    // The console's and dashboard's static files are read from disk by the Node entry; the Worker
    // serves chat platforms only (README: "Deploy on Cloudflare Workers").
    if (config.console.enabled) {
      const failed = { errors: [say('config.consoleOnWorkers'), say('config.failed')] };
      built.set(env, failed);
      return failed;
    }
    // A Worker lives for one request: it cannot hold a long connection open.
    if (config.platforms.some((platform) => platform.connectsOut)) {
      const failed = { errors: [say('config.connectionOnWorkers'), say('config.failed')] };
      built.set(env, failed);
      return failed;
    }
    const logger = consoleLogger(config.logLevel);
    const store = openD1(env.DB);
    const documents = env.DOCUMENTS ? r2DocumentStore(env.DOCUMENTS) : null;
    const runtime: Runtime = {
      store,
      now,
      logger,
      worker: `worker:${crypto.randomUUID().slice(0, 8)}`,
      version: packageJson.version,
      migrateCommand: MIGRATE_COMMAND,
      ...(documents ? { documents } : {}),
      defer(work) {
        const tracked = work.catch((error: unknown) => logger.error({ err: error }, 'deferred work failed'));
        const ctx = current.getStore();
        if (ctx) ctx.waitUntil(tracked);
        else logger.warn({}, 'deferred work outside a request or trigger: not awaited');
      },
    };
    const channels = composeChannels(config, runtime);
    // A Worker invocation may make 1,000 D1 queries (Workers Paid) and each reminder message takes about
    // four (claim, read, mark sent, skips): a sweep sends at most this many, the next one the rest.
    channels.reminders = { ...channels.reminders, batch: WORKER_SWEEP_BATCH };
    let seeding: Promise<void> | null = null;
    let migrated = false;
    let told = false;
    const result: Built = {
      app: composeApp(config, runtime, channels),
      sweep: sweeper(channels, runtime),
      inbox: inboxDeps(runtime, channels),
      store,
      documents,
      logger,
      seeded() {
        seeding ??= seedIfEmpty(store, ROSTER_CSV, CONTACTS_CSV).then(
          (done) => {
            if (done) logger.info({}, 'seeded the demo roster into an empty database');
            return warnEstimatedYears(store, now(), logger);
          },
          (error: unknown) => {
            // Try again on the next request rather than serve an isolate without a roster for good.
            seeding = null;
            throw error;
          },
        );
        return seeding;
      },
      async unmigrated() {
        if (migrated) return null;
        const schema = await schemaState(store);
        if (schema.migrated) {
          migrated = true;
          return null;
        }
        const message = notMigrated(schema.applied, MIGRATE_COMMAND);
        if (!told) logger.error({ applied: schema.applied, command: MIGRATE_COMMAND }, message);
        told = true;
        return message;
      },
    };
    built.set(env, result);
    return result;
  }

  return {
    async fetch(request, env, ctx) {
      const worker = build(env);
      if ('errors' in worker) {
        // The reasons go to the log only: they quote the values given, and a secret may be among them.
        console.error(
          JSON.stringify({ level: 'error', msg: 'configuration invalid', errors: worker.errors }),
        );
        return new Response(say('config.workerMisconfigured'), { status: 503 });
      }
      const unmigrated = await worker.unmigrated();
      // Nothing but /health (which says so itself) is served on a database without its tables; the
      // platforms deliver again after a 503, so nothing sent meanwhile is lost.
      if (unmigrated !== null && new URL(request.url).pathname !== '/health') {
        return new Response(unmigrated, { status: 503 });
      }
      if (unmigrated === null) await worker.seeded();
      return current.run(ctx, () => worker.app.fetch(request, env, ctx as HonoExecutionContext));
    },

    async scheduled(controller, env, ctx) {
      const worker = build(env);
      if ('errors' in worker) throw new Error(worker.errors.join('\n'));
      // The moment the trigger was due, not when the isolate got to it.
      const at = new Date(controller.scheduledTime);
      const run = async (): Promise<ScheduledResult> => {
        if ((await worker.unmigrated()) !== null) return { notMigrated: true };
        if (controller.cron === PRUNE_CRON) {
          const pruned = await pruneHourly(worker.store, at);
          // Files sent in chat and never confirmed: their bytes go once the 24 h are up (as on Node).
          const expiredUploads = worker.documents
            ? await pruneExpiredUploads(worker.store, worker.documents, at)
            : 0;
          worker.logger.info({ pruned, expiredUploads }, 'pruned processed events and expired uploads');
          return { pruned, expiredUploads };
        }
        await worker.seeded();
        // Messages left waiting (the request that took one in ended before answering it) come first;
        // if taking them fails, the reminders still go out.
        const answered = await current
          .run(ctx, () => drainInbox(worker.inbox, WORKER_INBOX_BATCH))
          .catch((error: unknown) => {
            worker.logger.error({ err: error }, 'answering waiting messages failed');
            return 0;
          });
        if (answered > 0) worker.logger.info({ answered }, 'waiting messages answered');
        const sweep = await current.run(ctx, () => worker.sweep(at));
        worker.logger.info(sweep, 'reminder sweep');
        return { sweep, answered };
      };
      const work = run();
      ctx.waitUntil(work);
      return work;
    },
  };
}

/** Once per isolate: a year without its holiday schedule is estimated, and the operator should know. */
async function warnEstimatedYears(store: Store, at: Date, logger: Logger): Promise<void> {
  const coverage = await holidayCoverage(store, at);
  if (coverage.estimatedYears.length === 0) return;
  const years = coverage.estimatedYears.join('、');
  logger.warn(
    coverage,
    say('holidays.startupWarning', { years, command: say('holidays.enterCommandWorkers') }),
  );
}

type HonoExecutionContext = Parameters<ReturnType<typeof composeApp>['fetch']>[2];

/** readConfig takes the string settings only (bindings such as DB are objects). */
function stringVars(env: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
