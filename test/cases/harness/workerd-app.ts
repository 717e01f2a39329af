// The app as the Worker entry serves it (src/runtime/worker.ts, as wrangler.toml deploys it) inside
// workerd, seen the way the case drivers need it: requests handed to its fetch with the local D1 and
// the given settings as env, the work it passes to ctx.waitUntil awaited, the sweep through its Cron
// handler. Imports nothing workerd-only, so the Node typecheck covers it too.
import { seedIfEmpty } from '../../../src/app/roster.ts';
import { CONTACTS_CSV, ROSTER_CSV } from '../../../src/runtime/demo-roster.ts';
import { createWorker, type WorkerEnv } from '../../../src/runtime/worker-handler.ts';
import type { Store } from '../../../src/store/store.ts';
import type { AppUnderTest } from '../harness.ts';

/** The reminder sweep's Cron Trigger in wrangler.toml. */
const SWEEP_CRON = '*/5 * * * *';

/** Empties every table of the local D1 but the migration and roster-version bookkeeping, and seeds
 *  the demo roster: each case starts from what a fresh deployment holds. */
export async function resetD1(store: Store): Promise<void> {
  const tables = await store.db
    .selectFrom('sqlite_master' as never)
    .select('name' as never)
    .where('type' as never, '=', 'table' as never)
    .execute();
  const keep = /^(d1_migrations|roster_version|sqlite_\w+|_cf_\w+)$/;
  const names = (tables as { name: string }[]).map((t) => t.name).filter((name) => !keep.test(name));
  await store.batch(names.map((name) => store.db.deleteFrom(name as never)));
  await seedIfEmpty(store, ROSTER_CSV, CONTACTS_CSV);
}

export function workerdApp(options: {
  /** A store over the same D1 binding, for the case's own reads and writes. */
  store: Store;
  /** The worker's bindings (cloudflare:workers `env`). */
  env: WorkerEnv;
  /** Vars and secrets on top of the bindings, as `wrangler secret put` would set them. */
  settings: Record<string, string>;
  now: Date;
  /** Closed with the app (the fake Open API). */
  close(): Promise<void>;
}): AppUnderTest {
  // A fresh env object: the worker builds its app from it once, as an isolate does.
  const env = { ...options.env, ...options.settings };
  const worker = createWorker({ now: () => options.now });
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (work: Promise<unknown>) => void pending.push(work) };
  const settle = async () => {
    while (pending.length > 0) await Promise.allSettled(pending.splice(0));
  };
  return {
    store: options.store,
    async request(path, init) {
      const response = await worker.fetch(new Request(`https://bot.example${path}`, init), env, ctx);
      // Read the body before the deferred work is awaited, as the platform would have it by then.
      const body = await response.arrayBuffer();
      await settle();
      return new Response(body, { status: response.status, headers: response.headers });
    },
    async sweep(at) {
      const result = await worker.scheduled({ cron: SWEEP_CRON, scheduledTime: at.getTime() }, env, ctx);
      await settle();
      if (!('sweep' in result)) throw new Error('the sweep trigger did not sweep');
      return { sent: result.sweep.sent, failed: result.sweep.failed };
    },
    async close() {
      await settle();
      await options.close();
    },
  };
}
