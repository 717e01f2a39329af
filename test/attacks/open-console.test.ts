// Finding 11: `npm start` without platform credentials listened on 0.0.0.0 and served the console with
// no password, so anyone who could reach the machine could act as any contact, the bureau included.
// Demo mode now listens on 127.0.0.1 unless HOST is set, and a console reachable from other addresses
// needs CONSOLE_PASSWORD: start-up refuses otherwise.
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type TempDb, tempDb } from '../support/demo-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** This machine's address on its network: where another machine would connect. */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let server: RunningServer | undefined;
let db: TempDb | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await db?.cleanup();
});

const reach = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.status,
    () => 'refused' as const,
  );

describe.skipIf(lan === undefined)(`the demo console seen from the network (${lan})`, () => {
  it('is not reachable from another address when HOST is not set; this machine still opens it', async () => {
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url, HOST: '' });
    const port = new URL(server.base).port;
    expect(await reach(`${server.base}/console`)).toBe(200);
    expect(await reach(`http://${lan}:${port}/console`)).toBe('refused');
  }, 60_000);

  it('opened to the network by HOST, refuses to start without CONSOLE_PASSWORD, naming it', async () => {
    db = await tempDb();
    const failed = await startServer({ DATABASE_URL: db.url, HOST: '0.0.0.0' }).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(failed).toContain('必须设置 CONSOLE_PASSWORD');
    expect(failed).toContain('启动失败');
  }, 60_000);

  it('opened to the network with a password, asks for it from there', async () => {
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url, HOST: '0.0.0.0', CONSOLE_PASSWORD: 'open-sesame-22' });
    const port = new URL(server.base).port;
    expect(await reach(`http://${lan}:${port}/console`)).toBe(401);
  }, 60_000);
});
