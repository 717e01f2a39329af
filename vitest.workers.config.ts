// The workerd tests: test/workers/** run inside workerd (@cloudflare/vitest-pool-workers) with the
// bindings of wrangler.toml and a real local D1, migrated from migrations/ by the setup file. The
// fake Feishu and DingTalk Open APIs run in Node (globalSetup) and the worker reaches them over loopback.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** The Feishu secrets the worker gets in tests (production: `wrangler secret put`). */
const TEST_FEISHU = { encryptKey: 'workers-encrypt-key', verificationToken: 'workers-verify-token' };

export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => {
      const feishu = inject('feishu');
      return {
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations('./migrations'),
            FEISHU_APP_ID: feishu.appId,
            FEISHU_APP_SECRET: feishu.appSecret,
            FEISHU_DOMAIN: feishu.url,
            FEISHU_ENCRYPT_KEY: TEST_FEISHU.encryptKey,
            FEISHU_VERIFICATION_TOKEN: TEST_FEISHU.verificationToken,
            LOG_LEVEL: 'warn',
          },
        },
      };
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/workers/node/fakes.ts'],
    setupFiles: ['test/workers/apply-migrations.ts'],
    // One local D1 for the run: files take turns with it.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
