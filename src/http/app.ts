// The one Hono app every runtime serves. Channels mount their routes here in later steps.
import { Hono } from 'hono';
import { holidayCoverage } from '../app/holiday-coverage.ts';
import { say } from '../prompts.ts';
import { waitingMessages } from '../store/inbox-repo.ts';
import { NEWEST_MIGRATION, schemaState } from '../store/schema-state.ts';
import type { Store } from '../store/store.ts';

export interface AppDeps {
  store: Store;
  now(): Date;
  version: string;
  /** Named on /health when the database lacks a migration. */
  migrateCommand: string;
  /** The optional model reading's state (its breaker, requests in flight, last failure). */
  modelReading?: () => object;
  /** Each long connection's state and last event (channels/connection/status.ts), when there are any. */
  connections?: () => readonly ConnectionHealth[];
}

/** What /health judges a connection out by (channels/connection/status.ts gives more, shown as is). */
export interface ConnectionHealth {
  state: string;
  /** ISO time it stopped carrying events; null while connected. */
  downSince: string | null;
}

/** A connection down this long makes the instance unhealthy (503); a shorter gap, a reconnect or the
 *  first connect at start, is only `degraded`: platforms deliver again what a short gap missed. */
export const CONNECTION_GRACE_MS = 60_000;

/** ok: every connection up; degraded: one down within the grace; down: one down for longer. */
export function connectionsStatus(
  connections: readonly ConnectionHealth[],
  now: Date,
): 'ok' | 'degraded' | 'down' {
  const downFor = connections.map((c) =>
    c.downSince === null ? -1 : now.getTime() - Date.parse(c.downSince),
  );
  if (downFor.some((ms) => ms > CONNECTION_GRACE_MS)) return 'down';
  return downFor.some((ms) => ms >= 0) ? 'degraded' : 'ok';
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    try {
      const schema = await schemaState(deps.store);
      if (!schema.migrated) {
        const message = notMigrated(schema.applied, deps.migrateCommand);
        return c.json({ ok: false, version: deps.version, database: 'not_migrated', message }, 503);
      }
      // Chat messages answered and not yet replied to; reading them is also the database check.
      const waiting = await waitingMessages(deps.store);
      const now = deps.now();
      const connections = deps.connections?.();
      // A platform connected out (no webhook) hears nothing while its connection is down.
      const status = connectionsStatus(connections ?? [], now);
      return c.json(
        {
          ok: status !== 'down',
          status,
          version: deps.version,
          time: now.toISOString(),
          waitingMessages: waiting,
          // A year here in estimatedYears needs its State Council schedule entered (holidays enter).
          holidays: await holidayCoverage(deps.store, now),
          modelReading: deps.modelReading?.() ?? { enabled: false },
          ...(connections ? { connections } : {}),
        },
        status === 'down' ? 503 : 200,
      );
    } catch {
      return c.json({ ok: false, version: deps.version, database: 'unavailable' }, 503);
    }
  });
  app.notFound((c) => c.json({ ok: false, error: 'not_found' }, 404));
  // Never leak a stack trace: log it and answer a plain 500-free error for clients.
  app.onError((_error, c) => c.json({ ok: false, error: 'internal' }, 503));
  return app;
}

/** "数据库未迁移…" with what the database has and the command that brings it up to date. */
export function notMigrated(applied: string | null, command: string): string {
  return say('database.notMigrated', {
    applied: applied ?? say('database.noMigrations'),
    needed: NEWEST_MIGRATION,
    command,
  });
}

/** What answers while the database is still being reached at start: not ready, on every path (the
 *  platforms deliver again what they hear 503 for; a load balancer keeps traffic away meanwhile). */
export function createStartingApp(deps: { version: string; message(): string }): Hono {
  const app = new Hono();
  app.get('/health', (c) =>
    c.json({ ok: false, version: deps.version, database: 'unavailable', message: deps.message() }, 503),
  );
  app.all('*', (c) => c.json({ ok: false, error: 'starting' }, 503));
  return app;
}
