// The store contract (test/store/contract.ts) on a real local D1 inside workerd: each test on the
// emptied D1 seeded with the demo roster; "another instance" is a second Store over the same binding,
// as another isolate of the Worker would open it.
import { env } from 'cloudflare:workers';
import { beforeEach, describe } from 'vitest';
import { openD1 } from '../../src/store/d1.ts';
import { resetD1 } from '../cases/harness/workerd-app.ts';
import { defineStoreContract } from '../store/contract.ts';

const store = openD1(env.DB);

beforeEach(async () => {
  await resetD1(store);
});

describe('D1', () => {
  defineStoreContract(() => ({
    store,
    other: async () => ({ ...openD1(env.DB), close: async () => {} }),
  }));
});
