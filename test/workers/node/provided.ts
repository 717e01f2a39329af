// What the Node globalSetup (fakes.ts) provides to the tests inside workerd, typed for `inject`.
// Included by both tsconfigs: the globalSetup is checked with Node's, the tests with Workers'.
import type { FakeAddress } from './fake-address.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The fake factory's base URL: POST /feishu {mobiles} → FakeAddress; POST /close {url}. */
    fakes: string;
    /** The default fake the worker's bindings point at (vitest.workers.config.ts). */
    feishu: FakeAddress;
  }
}
