import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/workers runs inside workerd: vitest.workers.config.ts.
    exclude: [...configDefaults.exclude, 'test/workers/**'],
    // Tests use real SQLite files and real HTTP on loopback; keep them isolated per file.
    pool: 'forks',
    // Whether the PostgreSQL side of the store contract runs (and, on CI, that it does).
    globalSetup: ['test/support/postgres-setup.ts'],
    testTimeout: 30_000,
  },
});
