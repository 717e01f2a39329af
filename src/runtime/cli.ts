// The command-line entry: reads the environment, opens the store DATABASE_URL names, runs one command.
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { runCli } from '../cli/main.ts';
import { say } from '../prompts.ts';
import { readMigrations } from '../store/migrate.ts';
import { openStore } from '../store/open.ts';
import { composeChannels, sweeper } from './compose.ts';
import { readConfig } from './config.ts';
import { workbookThread } from './workbook-thread.ts';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const configured = readConfig(process.env);
if (!configured.ok) {
  for (const line of [...configured.errors, say('config.failed')]) process.stderr.write(`${line}\n`);
  process.exit(1);
}
const config = configured.config;
const logger = pino({ level: 'warn' });
const now = () => new Date();

const code = await runCli(process.argv.slice(2), {
  openStore: () => openStore(config.databaseUrl, readMigrations(MIGRATIONS)),
  database: { url: config.databaseUrl, migrations: readMigrations(MIGRATIONS) },
  sweep: (store) =>
    sweeper(composeChannels(config, { store, now, logger }), {
      store,
      worker: `${hostname()}:cli:${process.pid}`,
    })(now()),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  now,
  parseWorkbook: workbookThread(),
  bot: (store) => composeChannels(config, { store, now, logger }).bot,
});
process.exitCode = code;
