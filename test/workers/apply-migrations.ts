// Setup file (inside workerd): the same migrations/ wrangler applies, on the local D1. Idempotent.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
