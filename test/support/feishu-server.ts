// The Node entry as a child process with Feishu configured against the fake Open API, on a demo roster
// whose county contacts are bound as ou_c<i>: what the crash tests kill and start again.
import { type ChildProcess, spawn } from 'node:child_process';
import { demoStore, root, type TempDb } from './demo-store.ts';
import { type FakeFeishu, startFakeFeishu } from './fake-feishu.ts';
import { buildSignedRequest, messageSample } from './feishu-sign.ts';
import { freePort } from './server.ts';

export const KEY = 'crash-encrypt-key';
export const TOKEN = 'crash-token';

export interface Served {
  /** What to kill to stop it: the server itself, or the parent that never reaps it. */
  proc: ChildProcess;
  /** The server's own pid: the `host:pid` of its leases. */
  pid: number;
}

/**
 * Starts the server. `unreaped`: as the child of a shell that execs into `sleep`, which never waits for
 * it — killed, the server stays a zombie until the test ends, as under a supervisor slow to reap.
 */
export async function startFeishuServer(
  port: number,
  url: string,
  feishu: FakeFeishu,
  launch: 'direct' | 'unreaped' = 'direct',
): Promise<Served> {
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    FEISHU_APP_ID: feishu.appId,
    FEISHU_APP_SECRET: feishu.appSecret,
    FEISHU_ENCRYPT_KEY: KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: feishu.url,
  };
  const node = [process.execPath, '--import', 'tsx', root('src/runtime/node.ts')];
  const proc =
    launch === 'direct'
      ? spawn(node[0] ?? '', node.slice(1), { env, stdio: 'ignore', cwd: root('.') })
      : spawn('/bin/sh', ['-c', `"$@" >/dev/null 2>&1 & echo $!; exec sleep 600`, 'sh', ...node], {
          env,
          stdio: ['ignore', 'pipe', 'ignore'],
          cwd: root('.'),
        });
  const pid = launch === 'direct' ? (proc.pid ?? 0) : Number(await firstLine(proc));
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return { proc, pid };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
    });
    proc.once('exit', () => reject(new Error('the shell exited before printing the pid')));
  });
}

export interface Bound {
  counties: string[];
  port: number;
  url: string;
  db: TempDb;
  fake: FakeFeishu;
  served: Served;
}

/** The demo roster with each county's contact bound to Feishu as `ou_c<i>`, served by a started server. */
export async function startBound(launch: 'direct' | 'unreaped' = 'direct'): Promise<Bound> {
  const seeded = await demoStore();
  const counties = (
    await seeded.store.db.selectFrom('units').select('name').where('kind', '=', 'county').execute()
  ).map((r) => r.name);
  for (const [i, name] of counties.entries()) {
    await seeded.store.db
      .updateTable('contacts')
      .set({ platform: 'feishu', platform_user_id: `ou_c${i}` })
      .where('unit_id', '=', `county:${name}`)
      .execute();
  }
  await seeded.store.close();
  const fake = await startFakeFeishu();
  const port = await freePort();
  const served = await startFeishuServer(port, seeded.db.url, fake, launch);
  return { counties, port, url: `http://127.0.0.1:${port}/webhooks/feishu`, db: seeded.db, fake, served };
}

/** "帮助" from `openId` in a one-to-one chat of its own, so its reply is told apart by chat. */
export function chatMessage(openId: string, chatId: string, messageId: string) {
  const sample = messageSample({ token: TOKEN, eventId: `evt-${messageId}`, messageId });
  sample.event.message.chat_type = 'p2p';
  sample.event.message.chat_id = chatId;
  sample.event.sender.sender_id.open_id = openId;
  sample.event.message.mentions = [];
  sample.event.message.content = JSON.stringify({ text: '帮助' });
  return sample;
}

/** Signs and posts a Feishu payload to the webhook, as Feishu would now. */
export function postSigned(url: string, payload: unknown): Promise<Response> {
  const signed = buildSignedRequest(payload, { encryptKey: KEY, timestamp: Math.floor(Date.now() / 1000) });
  return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
}
