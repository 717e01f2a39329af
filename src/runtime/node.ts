// The Node entry (the embedded default): SQLite file, migrations applied, demo roster seeded into an
// empty database, Hono on PORT. The only place besides the CLI that reads the environment.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { seedIfEmpty } from '../app/roster.ts';
import { createApp } from '../http/app.ts';
import { say } from '../prompts.ts';
import { readMigrations } from '../store/migrate.ts';
import { openSqlite } from '../store/sqlite.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/bangfu.db';
const version = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { version: string }).version;

const store = openSqlite(databaseUrl, readMigrations(root('migrations')));
if (
  await seedIfEmpty(
    store,
    readFileSync(root('data/roster.csv'), 'utf8'),
    readFileSync(root('data/demo-contacts.csv'), 'utf8'),
  )
) {
  log.info({ databaseUrl }, 'seeded the demo roster into an empty database');
}

const app = createApp({ store, now: () => new Date(), version });
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  log.info({ port: info.port }, say('cli.serverListening', { port: info.port, database: databaseUrl }));
});

const shutdown = (signal: string) => {
  log.info({ signal }, 'shutting down');
  server.close(() => void store.close().then(() => process.exit(0)));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
