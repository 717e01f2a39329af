// vitest globalSetup: says once, before the run, whether the PostgreSQL side of the store contract
// runs. CI (CI=true) must have a server: .ci/run starts one (scripts/with-postgres.sh).
import pg from 'pg';
import { shownDatabaseUrl } from '../../src/store/database-url.ts';
import { NOT_ON_POSTGRES } from './postgres-pass.ts';

export default async function setup(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL ?? '';
  const pass = process.env.TEST_BACKEND === 'postgres';
  if (url === '' && pass)
    throw new Error('TEST_BACKEND=postgres needs a server: scripts/with-postgres.sh npm run test:postgres');
  if (url === '') {
    if (process.env.CI === 'true')
      throw new Error('CI runs the PostgreSQL tests: start the suite with scripts/with-postgres.sh');
    process.stderr.write(
      '\n⚠ PostgreSQL tests SKIPPED: TEST_POSTGRES_URL is not set. ' +
        'Run them with: scripts/with-postgres.sh npm test\n\n',
    );
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    process.stderr.write(
      `\nPostgreSQL tests run on ${shownDatabaseUrl(url)} (server ${rows[0]?.server_version})\n\n`,
    );
    if (pass)
      process.stderr.write(
        `Every test's database is on PostgreSQL (TEST_BACKEND=postgres), but for:\n${Object.entries(
          NOT_ON_POSTGRES,
        )
          .map(([files, why]) => `  ${files}: ${why}\n`)
          .join('')}\n`,
      );
  } catch (error) {
    throw new Error(`TEST_POSTGRES_URL ${shownDatabaseUrl(url)} cannot be reached: ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}
