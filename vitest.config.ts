import { configDefaults, defineConfig } from 'vitest/config';
import { NOT_ON_POSTGRES } from './test/support/postgres-pass.ts';

// `npm run test:postgres` (TEST_BACKEND=postgres): every test's database on PostgreSQL, but for the
// tests that have none or test SQLite's own parts (test/support/postgres-pass.ts says which and why).
const postgresPass = process.env.TEST_BACKEND === 'postgres';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/workers runs inside workerd: vitest.workers.config.ts.
    exclude: [
      ...configDefaults.exclude,
      'test/workers/**',
      ...(postgresPass ? Object.keys(NOT_ON_POSTGRES) : []),
    ],
    // Tests use real SQLite files and real HTTP on loopback; keep them isolated per file.
    pool: 'forks',
    // Whether the PostgreSQL side of the store contract runs (and, on CI, that it does).
    globalSetup: ['test/support/postgres-setup.ts'],
    testTimeout: 30_000,
  },
});
