// Signed, encrypted Feishu message events through the real route end to end (verify, decrypt,
// de-duplicate, parse, reply queued) against the SDK's own adaptDefault on a bare Node server with an
// empty handler — both driven by the same client in the same run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import * as lark from '@larksuiteoapi/node-sdk';
import pino from 'pino';
import { composeApp, composeChannels } from '../src/runtime/compose.ts';
import { readConfig } from '../src/runtime/config.ts';
import { startFakeFeishu } from '../test/support/fake-feishu.ts';
import { buildSignedRequest, messageSample } from '../test/support/feishu-sign.ts';
import { generatedRoster, ms, rssMb, tempStore } from './support.ts';

const run = promisify(execFile);
const KEY = 'bench-encrypt-key';
const TOKEN = 'bench-token';

function requests(count: number, prefix: string) {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const sample = messageSample({ token: TOKEN, eventId: `${prefix}-e${i}`, messageId: `${prefix}-m${i}` });
    sample.event.message.chat_type = 'p2p';
    // One-to-one chats: each person has their own (Feishu paces sends to 5 a second per chat).
    sample.event.message.chat_id = `oc_${prefix}_${i % 500}`;
    sample.event.sender.sender_id.open_id = `ou_${prefix}_${i % 500}`;
    sample.event.message.mentions = [];
    sample.event.message.content = JSON.stringify({ text: '帮助' });
    return buildSignedRequest(sample, { encryptKey: KEY, timestamp: now });
  });
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Runs the load generator in its own process against `url`. */
async function load(
  url: string,
  bodies: ReturnType<typeof requests>,
  mode: 'closed' | 'rate',
  concurrency = 16,
  rps = 500,
): Promise<Load> {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-load-'));
  const file = join(dir, 'job.json');
  writeFileSync(file, JSON.stringify({ url, requests: bodies, mode, concurrency, rps }));
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./load-client.ts', import.meta.url)), file],
      { maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout) as Load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

export async function benchWebhook(): Promise<string[]> {
  const fake = await startFakeFeishu();
  const { store, cleanup } = await tempStore(generatedRoster(37));
  const configured = readConfig({
    FEISHU_APP_ID: fake.appId,
    FEISHU_APP_SECRET: fake.appSecret,
    FEISHU_ENCRYPT_KEY: KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: fake.url,
    CONSOLE_ENABLED: 'false',
  });
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const pending = new Set<Promise<unknown>>();
  const runtime = {
    store,
    now: () => new Date(),
    logger: pino({ level: 'silent' }),
    worker: 'bench',
    version: 'bench',
    defer: (work: Promise<unknown>) => {
      const p = work.finally(() => pending.delete(p));
      pending.add(p);
    },
  };
  const app = composeApp(configured.config, runtime, composeChannels(configured.config, runtime));
  const ours = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((r) => ours.once('listening', r));
  const oursUrl = `http://127.0.0.1:${(ours.address() as AddressInfo).port}/webhooks/feishu`;

  const dispatcher = new lark.EventDispatcher({
    encryptKey: KEY,
    loggerLevel: lark.LoggerLevel.error,
  }).register({ 'im.message.receive_v1': async () => {} });
  const sdk = createServer(lark.adaptDefault('/webhook', dispatcher));
  const sdkUrl = `${await listen(sdk)}/webhook`;

  const n = Number(process.env.BENCH_N ?? 3000);
  const sdkClosed = await load(sdkUrl, requests(n, 'sdk1'), 'closed');
  const oursClosed = await load(oursUrl, requests(n, 'ours1'), 'closed');
  await Promise.all(pending);
  const sdkRate = await load(sdkUrl, requests(n, 'sdk2'), 'rate');
  const oursRate = await load(oursUrl, requests(n, 'ours2'), 'rate');
  await Promise.all(pending);
  const replies = fake.messages.length;

  ours.close();
  sdk.close();
  await fake.close();
  await cleanup();
  const line = (name: string, l: Load) =>
    `| ${name} | ${l.rps.toFixed(0)} | ${ms(l.p50)} | ${ms(l.p99)} | ${l.errors} |`;
  return [
    `### Webhook`,
    ``,
    `Signed and encrypted \`im.message.receive_v1\` events, each with a new message_id, over loopback HTTP. Ours: the real route (signature over the raw body, ±5 min window, decryption, token check, de-duplication in SQLite, zod parse, 200 at once, the bot's reply sent afterwards to a loopback Open API: ${replies} replies went out). Baseline: the SDK's \`adaptDefault\` + \`EventDispatcher\` with an empty handler on a bare Node server. Peak RSS so far: ${rssMb()} MB.`,
    ``,
    `| run | requests/s | p50 | p99 | non-200 |`,
    `|---|---|---|---|---|`,
    line('baseline, 16 concurrent clients', sdkClosed),
    line('ours, 16 concurrent clients', oursClosed),
    line('baseline, fixed 500 requests/s', sdkRate),
    line('ours, fixed 500 requests/s', oursRate),
    ``,
    `Throughput ratio ours / baseline: **${(oursClosed.rps / sdkClosed.rps).toFixed(2)}**; p99 at 500 requests/s: **${ms(oursRate.p99)}** (target < 10 ms).`,
  ];
}
