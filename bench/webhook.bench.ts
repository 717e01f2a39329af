// Signed, encrypted Feishu message events through the real route end to end (verify, decrypt,
// de-duplicate, parse, reply queued) against the SDK's own adaptDefault on a bare Node server with an
// empty handler — each server a process of its own, both driven by the same load generator (a third
// process) in the same run. Both run as `npm start` does: bundled by esbuild and run by plain node (ours
// is `npm run build`'s dist/runtime/node.js; the baseline bundled with the same options), so neither
// pays for tsx. The peak RSS reported is each serving process's own (VmHWM), not the benchmark's.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startFakeFeishu } from '../test/support/fake-feishu.ts';
import { buildSignedRequest, messageSample } from '../test/support/feishu-sign.ts';
import { freePort } from '../test/support/server.ts';
import { ms } from './support.ts';

const run = promisify(execFile);
const KEY = 'bench-encrypt-key';
const TOKEN = 'bench-token';
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
/** Requests a run sends first, uncounted, from the load generator's fresh process (see load-client.ts). */
const WARMUP = 500;

/** Runs the load generator in its own process against `url`: `count` counted requests after WARMUP. */
async function load(
  url: string,
  prefix: string,
  count: number,
  mode: 'closed' | 'rate',
  concurrency = 16,
  rps = 500,
): Promise<Load> {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-load-'));
  const file = join(dir, 'job.json');
  const bodies = requests(WARMUP + count, prefix);
  writeFileSync(file, JSON.stringify({ url, requests: bodies, mode, concurrency, rps, warmup: WARMUP }));
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', here('./load-client.ts'), file], {
      maxBuffer: 1 << 20,
    });
    if (stderr) process.stderr.write(`${mode} ${url}: ${stderr}`);
    return JSON.parse(stdout) as Load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Serving {
  url: string;
  child: ChildProcess;
  /** Peak resident memory of the serving process so far (VmHWM), in MB. */
  peakMb(): number;
  stop(): Promise<void>;
}

/** Builds ours exactly as `npm start` does, and the baseline with the same esbuild options. */
async function compile(): Promise<{ ours: string; sdk: string }> {
  await run('npm', ['run', '-s', 'build'], { cwd: here('..') });
  // Inside the repository, so its bare imports (left external, as in ours) resolve from node_modules.
  const sdk = here('../dist/bench/sdk-server.js');
  await build({
    entryPoints: [here('./sdk-server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: sdk,
    logLevel: 'warning',
  });
  return { ours: here('../dist/runtime/node.js'), sdk };
}

/** Starts a compiled server under plain node; `ready` resolves to its port once it is listening. */
async function serve(
  args: string[],
  env: Record<string, string>,
  ready: (child: ChildProcess, output: () => string) => Promise<number>,
  path: string,
): Promise<Serving> {
  // node itself, not npm start (npm → sh → node), so the pid is the serving process.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const log = process.env.BENCH_SERVER_LOG;
  const keep = (chunk: Buffer) => {
    if (log) appendFileSync(`${log}.${child.pid}`, chunk);
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const port = await ready(child, () => output);
  return {
    url: `http://127.0.0.1:${port}${path}`,
    child,
    peakMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return Math.round((kb / 1024) * 10) / 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startOurs(entry: string, fake: Awaited<ReturnType<typeof startFakeFeishu>>, dir: string) {
  const port = await freePort();
  return serve(
    [entry],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'bench.db')}`,
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_ENCRYPT_KEY: KEY,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: fake.url,
      CONSOLE_ENABLED: 'false',
      // What production runs with.
      LOG_LEVEL: 'info',
    },
    async (child, output) => {
      await waitFor(async () => {
        if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
        return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok === true;
      }, 'our server');
      return port;
    },
    '/webhooks/feishu',
  );
}

async function startSdk(entry: string) {
  return serve(
    [entry],
    { FEISHU_ENCRYPT_KEY: KEY, FEISHU_VERIFICATION_TOKEN: TOKEN },
    async (child, output) => {
      let port = 0;
      await waitFor(() => {
        if (child.exitCode !== null) throw new Error(`baseline exited: ${output()}`);
        port = Number(/^(\d+)$/m.exec(output())?.[1] ?? 0);
        return port > 0;
      }, 'the baseline server');
      return port;
    },
    '/webhook',
  );
}

export async function benchWebhook(): Promise<string[]> {
  const entries = await compile();
  const fake = await startFakeFeishu();
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bench-webhook-'));
  const ours = await startOurs(entries.ours, fake, dir);
  const sdk = await startSdk(entries.sdk);
  const n = Number(process.env.BENCH_N ?? 3000);
  try {
    // Warm both up (JIT, the tenant token, SQLite's cache) with events not counted below.
    await load(sdk.url, 'sdk0', 100, 'closed');
    await load(ours.url, 'ours0', 100, 'closed');
    await waitFor(() => fake.messages.length >= WARMUP + 100, 'warm-up replies');

    const sdkClosed = await load(sdk.url, 'sdk1', n, 'closed');
    const oursClosed = await load(ours.url, 'ours1', n, 'closed');
    // Replies go out after the acknowledgements; time how long they take to drain after the burst.
    const drainStart = performance.now();
    await waitFor(() => fake.messages.length >= 2 * WARMUP + 100 + n, 'the burst’s replies');
    const drain = performance.now() - drainStart;
    const sdkRate = await load(sdk.url, 'sdk2', n, 'rate');
    const oursRate = await load(ours.url, 'ours2', n, 'rate');
    await waitFor(() => fake.messages.length >= 3 * WARMUP + 100 + 2 * n, 'the steady load’s replies');
    const replies = fake.messages.length;
    const oursPeak = ours.peakMb();
    const sdkPeak = sdk.peakMb();

    const line = (name: string, l: Load) =>
      `| ${name} | ${l.rps.toFixed(0)} | ${ms(l.p50)} | ${ms(l.p99)} | ${l.errors} |`;
    return [
      `### Webhook`,
      ``,
      `Signed and encrypted \`im.message.receive_v1\` events, each with a new message_id, over loopback HTTP: ${n} counted a run, each run opening with ${WARMUP} uncounted ones from the load generator's fresh process (its connections and its own JIT), after 300 to warm both servers up. Ours: what \`npm start\` runs — \`src/runtime/node.ts\` bundled by esbuild into \`dist/runtime/node.js\` and run by plain node, logging at info — as its own process — signature over the raw body, ±5 min window, decryption, token check, de-duplication in SQLite, zod parse, 200 at once, the bot's reply queued and sent afterwards to a loopback Open API (all ${replies} replies went out; after the burst the last reply left ${ms(drain)} after the last acknowledgement). Baseline: the SDK's \`adaptDefault\` + \`EventDispatcher\` (decryption, signature check) with an empty handler on a bare Node server (\`bench/sdk-server.ts\`, bundled the same way and run by plain node), also its own process. The load generator is a third process.`,
      ``,
      `| run | requests/s | p50 | p99 | non-200 |`,
      `|---|---|---|---|---|`,
      line('baseline, 16 concurrent clients', sdkClosed),
      line('ours, 16 concurrent clients', oursClosed),
      line('baseline, fixed 500 requests/s', sdkRate),
      line('ours, fixed 500 requests/s', oursRate),
      ``,
      `Throughput ratio ours / baseline: **${(oursClosed.rps / sdkClosed.rps).toFixed(2)}**; p99 at 500 requests/s: **${ms(oursRate.p99)}** (target < 10 ms). Peak RSS of the serving process (VmHWM): ours **${oursPeak} MB**, baseline ${sdkPeak} MB.`,
    ];
  } finally {
    await ours.stop();
    await sdk.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
