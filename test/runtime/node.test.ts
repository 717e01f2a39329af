import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { MIGRATIONS, root, type TempDb, tempDb } from '../support/demo-store.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<Response> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const response = await fetch(url).catch(() => null);
    // 503 while the database is being opened (PostgreSQL is reached after the server listens).
    if (response && response.status !== 503) return response;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

let child: ChildProcess | undefined;
let db: TempDb | undefined;
afterEach(async () => {
  child?.kill('SIGTERM');
  await db?.cleanup();
});

describe('the Node runtime (npm start)', () => {
  it('serves /health over HTTP, applies migrations and seeds the demo roster into an empty database', async () => {
    db = await tempDb();
    const port = await freePort();
    child = spawn(root('node_modules/.bin/tsx'), [root('src/runtime/node.ts')], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const response = await waitForHealth(`http://127.0.0.1:${port}/health`, child);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, version: '0.1.0', waitingMessages: 0 });
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

    const store = await openStore(db.url, MIGRATIONS);
    const counties = await store.db.selectFrom('units').select('id').where('kind', '=', 'county').execute();
    const contacts = await store.db.selectFrom('contacts').select('demo').execute();
    await store.close();
    expect(counties).toHaveLength(37);
    expect(contacts.length).toBeGreaterThan(37);
    expect(contacts.every((c) => c.demo === 1)).toBe(true);
  }, 60_000);
});
