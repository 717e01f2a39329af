// A PostgreSQL server that cannot be reached at start: the server says which one (never the password),
// answers /health "not ready", tries again with growing waits, and serves once the database is there.
import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { DatabaseUnreachable, openPostgres } from '../../src/store/postgres.ts';
import { POSTGRES, type TestDb } from '../support/backends.ts';
import { MIGRATIONS, root } from '../support/demo-store.ts';
import { freePort } from '../support/server.ts';

const SECRET = 's3cret-Pa55word';
let child: ChildProcess | undefined;
let proxy: Server | undefined;
let db: TestDb | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await db?.cleanup();
  child = undefined;
  proxy = undefined;
  db = undefined;
});

describe('an unreachable PostgreSQL', () => {
  it('is named by host and port in the error, never with its password', async () => {
    const port = await freePort();
    const error = await openPostgres(
      `postgres://bangfu:${SECRET}@127.0.0.1:${port}/bangfu`,
      MIGRATIONS,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachable);
    expect(String(error)).toContain(`127.0.0.1:${port}`);
    expect(String(error)).not.toContain(SECRET);
  });

  it('makes a CLI command fail clearly, naming the server and not the password', async () => {
    const port = await freePort();
    const url = `postgres://bangfu:${SECRET}@127.0.0.1:${port}/bangfu`;
    let err = '';
    const code = await runCli(['migrate'], {
      openStore: () => openPostgres(url, MIGRATIONS),
      database: { url, migrations: MIGRATIONS },
      sweep: () => Promise.reject(new Error('unused')),
      bot: () => {
        throw new Error('unused');
      },
      out: () => {},
      err: (text) => {
        err += text;
      },
      now: () => new Date(),
    });
    expect(code).toBe(1);
    expect(err).toContain(`连不上数据库 127.0.0.1:${port}`);
    expect(err).not.toContain(SECRET);
  });

  it.skipIf(!POSTGRES.available)(
    'keeps the server up and not ready, retrying, until the database can be reached',
    async () => {
      db = await POSTGRES.create();
      const real = new URL(db.url);
      const port = await freePort();
      const viaProxy = new URL(db.url);
      viaProxy.port = String(port);
      const appPort = await freePort();
      let output = '';
      child = spawn(process.execPath, ['--import', 'tsx', root('src/runtime/node.ts')], {
        env: {
          ...process.env,
          PORT: String(appPort),
          HOST: '127.0.0.1',
          DATABASE_URL: viaProxy.toString(),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: root('.'),
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      const health = () =>
        fetch(`http://127.0.0.1:${appPort}/health`).then(
          async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }),
          () => null,
        );
      await vi.waitFor(
        async () => {
          expect(await health()).toMatchObject({ status: 503, body: { ok: false, database: 'unavailable' } });
        },
        { timeout: 20_000, interval: 100 },
      );
      await vi.waitFor(() => expect(output).toContain(`连不上数据库 127.0.0.1:${port}`), { timeout: 10_000 });
      // Chat platforms hear 503 and deliver again later.
      expect((await fetch(`http://127.0.0.1:${appPort}/webhooks/feishu`, { method: 'POST' })).status).toBe(
        503,
      );

      // The database comes up (a loopback relay to the real server, on the port the URL names).
      proxy = createServer((socket) => {
        const upstream = createConnection(Number(real.port), real.hostname);
        socket.pipe(upstream).pipe(socket);
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy?.listen(port, '127.0.0.1', resolve));
      await vi.waitFor(
        async () => {
          expect(await health()).toMatchObject({ status: 200, body: { ok: true } });
        },
        { timeout: 40_000, interval: 200 },
      );
      expect(output).not.toContain(decodeURIComponent(real.password));
      expect(output).toContain('帮扶台账助手已启动');
    },
    90_000,
  );
});
