// The one Hono app every runtime serves. Channels mount their routes here in later steps.
import { Hono } from 'hono';
import type { Store } from '../store/store.ts';

export interface AppDeps {
  store: Store;
  now(): Date;
  version: string;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    try {
      await deps.store.db.selectFrom('units').select('id').limit(1).execute();
      return c.json({ ok: true, version: deps.version, time: deps.now().toISOString() });
    } catch {
      return c.json({ ok: false, version: deps.version, database: 'unavailable' }, 503);
    }
  });
  app.notFound((c) => c.json({ ok: false, error: 'not_found' }, 404));
  // Never leak a stack trace: log it and answer a plain 500-free error for clients.
  app.onError((_error, c) => c.json({ ok: false, error: 'internal' }, 503));
  return app;
}
