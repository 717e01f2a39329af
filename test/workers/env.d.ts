// The bindings the workerd tests see: wrangler.toml's plus those vitest.workers.config.ts adds.
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    DOCUMENTS: R2Bucket;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    FEISHU_APP_ID: string;
    FEISHU_APP_SECRET: string;
    FEISHU_DOMAIN: string;
    FEISHU_ENCRYPT_KEY: string;
    FEISHU_VERIFICATION_TOKEN: string;
  }
}
