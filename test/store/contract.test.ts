// The store contract (contract.ts) on SQLite and PostgreSQL, each test on a fresh database seeded with
// the demo roster; its D1 run is test/workers/d1-contract.test.ts.
import type { OpenedStore } from '../../src/store/open.ts';
import { eachBackend, storeEachTestOn, type TestDb } from '../support/backends.ts';
import { defineStoreContract } from './contract.ts';

eachBackend((backend) => {
  let store: OpenedStore;
  let db: TestDb;
  storeEachTestOn(backend, (s, d) => {
    store = s;
    db = d;
  });
  defineStoreContract(() => ({ store, other: () => db.open() }));
});
