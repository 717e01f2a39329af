// The command-line entry: reads the environment, opens the SQLite store, runs one command.
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/main.ts';
import { readMigrations } from '../store/migrate.ts';
import { openSqlite } from '../store/sqlite.ts';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/bangfu.db';

const code = await runCli(process.argv.slice(2), {
  openStore: () => openSqlite(databaseUrl, readMigrations(MIGRATIONS)),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  now: () => new Date(),
});
process.exitCode = code;
