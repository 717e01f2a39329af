// What the suite's PostgreSQL pass (`npm run test:postgres`: TEST_BACKEND=postgres, every test's
// database on PostgreSQL) leaves out, and why. Everything else runs in both passes.
export const NOT_ON_POSTGRES: Readonly<Record<string, string>> = {
  'test/domain/**': 'pure functions: no database, nothing differs between the passes',
  'test/architecture/**': 'reads the source tree: no database',
  'test/understanding/**': 'the reading of messages against corpora: no database',
  'test/store/checkpointer.test.ts': "the WAL checkpointer is SQLite's own (PostgreSQL checkpoints itself)",
  'test/runtime/wrangler-dev.test.ts': 'the Worker on its D1 under wrangler: no Node database in it',
  'test/runtime/worker-d1-roster.test.ts':
    'the roster and holidays written as SQL for D1 (wrangler d1 execute)',
  'test/runtime/worker-bundle.test.ts': 'the Worker bundle’s imports: no database',
};
