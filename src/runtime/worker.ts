// The Cloudflare Workers entry (wrangler.toml's `main`). It exports the handler only: workerd takes
// every named export of this module for an entrypoint and will not start on anything else
// (test/runtime/wrangler-dev.test.ts starts it as `wrangler dev` does).
import { createWorker } from './worker-handler.ts';

export default createWorker();
