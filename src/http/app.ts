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
      return c.json({
        ok: true,
        version: deps.version,
        time: now.toISOString(),
        waitingMessages: waiting,
        // A year here in estimatedYears needs its State Council schedule entered (holidays enter).
        holidays: await holidayCoverage(deps.store, now),
      });
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
