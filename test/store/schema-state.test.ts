// The database knows which migrations it has; code that needs a newer one says so instead of failing
// on a missing table: /health answers 503 "数据库未迁移" with the command to run.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { NEWEST_MIGRATION, schemaState } from '../../src/store/schema-state.ts';
import { eachBackend, type TestDb } from '../support/backends.ts';
import { MIGRATIONS, root } from '../support/demo-store.ts';

let opened: { store: OpenedStore; db: TestDb }[] = [];
afterEach(async () => {
  for (const { store, db } of opened) {
    await store.close();
    await db.cleanup();
  }
  opened = [];
});

eachBackend((backend) => {
  async function open(migrations = MIGRATIONS): Promise<OpenedStore> {
    const db = await backend.createEmpty();
    const store = await db.open(migrations);
    opened.push({ store, db });
    return store;
  }

  describe('the schema state', () => {
    it('names the newest file of migrations/', () => {
      const files = readdirSync(root('migrations')).filter((f) => f.endsWith('.sql'));
      expect(NEWEST_MIGRATION).toBe(files.sort().at(-1));
    });

    it('is migrated with every migration, and says what a partly or never migrated database has', async () => {
      expect(await schemaState(await open())).toEqual({ migrated: true });
      const behind = MIGRATIONS.slice(0, -1);
      expect(await schemaState(await open(behind))).toEqual({
        migrated: false,
        applied: behind.at(-1)?.name,
      });
      expect(await schemaState(await open([]))).toEqual({ migrated: false, applied: null });
    });

    it('makes /health answer 503 with the command to run, and 200 once migrated', async () => {
      const deps = {
        now: () => new Date('2023-03-24T01:00:00Z'),
        version: 't',
        migrateCommand: 'npm run -s cli -- migrate',
      };
      const unmigrated = await createApp({ ...deps, store: await open([]) }).request('/health');
      expect(unmigrated.status).toBe(503);
      const body = (await unmigrated.json()) as { database: string; message: string };
      expect(body.database).toBe('not_migrated');
      expect(body.message).toContain('数据库未迁移');
      expect(body.message).toContain(NEWEST_MIGRATION);
      expect(body.message).toContain('npm run -s cli -- migrate');
      const migrated = await createApp({ ...deps, store: await open() }).request('/health');
      expect(migrated.status).toBe(200);
    });
  });
});
