// Signed, encrypted Feishu message events through the real route end to end (verify, decrypt, parse,
// answer; then de-duplicate and queue the reply) against the SDK's own adaptDefault on a bare Node
// server with an empty handler — each server a process of its own, both driven by the same load
// generator (a third process) in the same run. Both run as `npm start` does: bundled by esbuild and
// run by plain node (ours is `npm run build`'s dist/runtime/node.js; the baseline bundled with the same
// options), so neither pays for tsx. The peak RSS reported is each serving process's own (VmHWM), not
// the benchmark's.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startFakeFeishu } from '../test/support/fake-feishu.ts';
import { buildSignedRequest, messageSample } from '../test/support/feishu-sign.ts';
import { freePort } from '../test/support/server.ts';
import { median, ms, type Section } from './support.ts';

const run = promisify(execFile);
export const KEY = 'bench-encrypt-key';
export const TOKEN = 'bench-token';
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

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  /** Counted requests not answered 200. */
  errors: number;
  /** Of all it sent, warm-up included: only these are owed a reply. */
  acknowledged: number;
  notAcknowledged: number;
}

// On a machine with two cores or more (and taskset), the load generator runs on the first and the
// server under test on the second, so neither is moved between cores or shares one with the other:
// the spread between runs is then the servers', not the scheduler's. BENCH_PIN=0 turns it off.
const LOAD_CPU = 0;
export const SERVER_CPU = 1;
const PIN = process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && existsSync('/usr/bin/taskset');

/** `command args` to run on one core (taskset execs it: the pid stays the command's own). */
export function pinned(cpu: number, command: string, args: string[]): [string, string[]] {
  return PIN ? ['/usr/bin/taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

/** Requests each server gets before anything is counted (its JIT, the tenant token, SQLite's cache). */
const SERVER_WARMUP = 2000;
/** Requests a run sends first, uncounted, from the load generator's fresh process (see load-client.ts). */
export const WARMUP = 500;

/** Runs the load generator in its own process against `url`: `count` counted requests after WARMUP. */
function load(
  url: string,
  prefix: string,
  count: number,
  mode: 'closed' | 'rate',
  concurrency = 16,
  rps = 500,
): Promise<Load> {
  return loadOf(url, requests(WARMUP + count, prefix), mode, concurrency, rps);
}

/** The load generator sending `bodies` to `url` (the first WARMUP of them uncounted). */
export async function loadOf(
  url: string,
  bodies: readonly { headers: Record<string, string>; body: string }[],
  mode: 'closed' | 'rate',
  concurrency = 16,
  rps = 500,
): Promise<Load> {
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-load-'));
  const file = join(dir, 'job.json');
  writeFileSync(file, JSON.stringify({ url, requests: bodies, mode, concurrency, rps, warmup: WARMUP }));
  try {
    const [command, args] = pinned(LOAD_CPU, process.execPath, [
      '--import',
      'tsx',
      here('./load-client.ts'),
      file,
    ]);
    const { stdout, stderr } = await run(command, args, { maxBuffer: 1 << 20 });
    if (stderr) process.stderr.write(`${mode} ${url}: ${stderr}`);
    return JSON.parse(stdout) as Load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Serving {
  url: string;
  child: ChildProcess;
  /** Peak resident memory of the serving process so far (VmHWM), in MB. */
  peakMb(): number;
  stop(): Promise<void>;
}

/** Builds ours exactly as `npm start` does, and the baseline with the same esbuild options. */
/** The node flags `npm start` runs ours with (package.json's start script), so the bench runs the same. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(here('../package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = /\bnode\s+(.*?)\s*dist\/runtime\/node\.js/.exec(pkg.scripts.start)?.[1];
  if (flags === undefined)
    throw new Error(`the start script does not run dist/runtime/node.js: ${pkg.scripts.start}`);
  return flags.split(/\s+/).filter(Boolean);
}

export async function compile(): Promise<{ ours: string; sdk: string }> {
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
export async function serve(
  args: string[],
  env: Record<string, string>,
  ready: (child: ChildProcess, output: () => string) => Promise<number>,
  path: string,
): Promise<Serving> {
  // node itself, not npm start (npm → sh → node), so the pid is the serving process.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const [command, pinnedArgs] = pinned(SERVER_CPU, process.execPath, [...extra, ...args]);
  const child = spawn(command, pinnedArgs, {
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

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  seconds = 120,
  progress = () => '',
): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} ${progress()}`.trim());
}

export async function startOurs(
  entry: string,
  fake: Awaited<ReturnType<typeof startFakeFeishu>>,
  dir: string,
  databaseUrl = `file:${join(dir, 'bench.db')}`,
) {
  const port = await freePort();
  return serve(
    [...startFlags(), entry],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      FEISHU_APP_ID: fake.appId,
      FEISHU_APP_SECRET: fake.appSecret,
      FEISHU_ENCRYPT_KEY: KEY,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: fake.url,
      CONSOLE_ENABLED: 'false',
      // What production runs with.
      LOG_LEVEL: 'info',
      // Feishu's 1,000 a minute would take half an hour to drain the bench's replies: the bench measures
      // the answers and the pipeline at the 50 a second a burst may use.
      FEISHU_SENDS_PER_MINUTE: '100000',
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

export async function benchWebhook(): Promise<Section> {
  const entries = await compile();
  const fake = await startFakeFeishu();
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bench-webhook-'));
  const ours = await startOurs(entries.ours, fake, dir);
  const sdk = await startSdk(entries.sdk);
  const n = Number(process.env.BENCH_N ?? 3000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  // Replies owed: one for every message ours acknowledged (one that got no 200 is redelivered by Feishu,
  // not answered); and how many requests, of all sent to ours, were not acknowledged.
  let sent = 0;
  let unanswered = 0;
  const owe = (run: Load) => {
    sent += run.acknowledged;
    unanswered += run.notAcknowledged;
    return run;
  };
  /** `rounds` runs of each, alternating baseline and ours, so a slow spell of the machine hits both. */
  async function alternate(mode: 'closed' | 'rate') {
    const sdkRuns: Load[] = [];
    const oursRuns: Load[] = [];
    for (let round = 0; round < rounds; round++) {
      sdkRuns.push(await load(sdk.url, `sdk-${mode}${round}`, n, mode));
      oursRuns.push(owe(await load(ours.url, `ours-${mode}${round}`, n, mode)));
    }
    return { sdk: sdkRuns, ours: oursRuns };
  }
  try {
    // Warm both up (JIT, the tenant token, SQLite's cache) with events not counted below.
    await load(sdk.url, 'sdk-warm', SERVER_WARMUP, 'closed');
    owe(await load(ours.url, 'ours-warm', SERVER_WARMUP, 'closed'));
    await waitFor(() => fake.messages.length >= sent, 'warm-up replies');

    const closed = await alternate('closed');
    // Replies go out after the acknowledgements, at Feishu's 50 a second; time the drain after the bursts.
    const drainStart = performance.now();
    await waitFor(
      () => fake.messages.length >= sent,
      'the bursts’ replies',
      600,
      () => `${fake.messages.length} of ${sent} replies`,
    );
    const drain = performance.now() - drainStart;
    const rate = await alternate('rate');
    await waitFor(
      () => fake.messages.length >= sent,
      'the steady load’s replies',
      600,
      () => `${fake.messages.length} of ${sent} replies`,
    );
    const oursPeak = ours.peakMb();
    const sdkPeak = sdk.peakMb();

    const med = (runs: Load[], pick: (l: Load) => number) => median(runs.map(pick));
    const line = (name: string, runs: Load[]) =>
      `| ${name} | ${med(runs, (l) => l.rps).toFixed(0)} | ${ms(med(runs, (l) => l.p50))} | ${ms(med(runs, (l) => l.p99))} | ${runs.map((l) => `${l.rps.toFixed(0)}/s ${ms(l.p99)}`).join(' · ')} | ${runs.reduce((sum, l) => sum + l.errors, 0)} |`;
    const ratio = med(closed.ours, (l) => l.rps) / med(closed.sdk, (l) => l.rps);
    const p99 = med(rate.ours, (l) => l.p99);
    const lines = [
      `### Webhook`,
      ``,
      `Signed and encrypted \`im.message.receive_v1\` events, each with a new message_id, over loopback HTTP: ${rounds} runs of each kind for each server, alternating baseline and ours, ${n} counted requests a run, each run opening with ${WARMUP} uncounted ones from the load generator's fresh process (its connections and its own JIT), after ${SERVER_WARMUP + WARMUP} to warm each server up; the table gives the median of the runs and lists each. ${PIN ? 'The load generator is pinned to one core and the server under test to the other (taskset). ' : ''}Ours: what \`npm start\` runs — \`src/runtime/node.ts\` bundled by esbuild into \`dist/runtime/node.js\`, run by plain node with the start script's flags (${startFlags().join(' ') || 'none'}), logging at info — as its own process: signature over the raw body, ±5 min window, decryption, token check, zod parse, 200 at once; then the de-duplication claim in SQLite, which keeps the message until it is answered (claims share commits), and the bot's reply, the waiting messages taken from SQLite sixteen at a time and answered through a loopback Open API at Feishu's 50 a second (${fake.messages.length} replies went out, one for every message acknowledged; ${unanswered} of the requests ours was sent got no 200; after the closed-loop runs the last reply left ${ms(drain)} after the last acknowledgement, and the fixed-rate runs were measured while replies were still leaving). Baseline: the SDK's \`adaptDefault\` + \`EventDispatcher\` (decryption, signature check) with an empty handler on a bare Node server (\`bench/sdk-server.ts\`, bundled the same way and run by plain node), also its own process. The load generator is a third process.`,
      ``,
      `| run | requests/s | p50 | p99 | each run | non-200 |`,
      `|---|---|---|---|---|---|`,
      line('baseline, 16 concurrent clients', closed.sdk),
      line('ours, 16 concurrent clients', closed.ours),
      line('baseline, fixed 500 requests/s', rate.sdk),
      line('ours, fixed 500 requests/s', rate.ours),
      ``,
      `Throughput ratio ours / baseline (medians): **${ratio.toFixed(2)}**; p99 at 500 requests/s: **${ms(p99)}** (target < 10 ms). Peak RSS of the serving process (VmHWM): ours **${oursPeak} MB**, baseline ${sdkPeak} MB.`,
    ];
    const rps = (runs: Load[]) => med(runs, (l) => l.rps).toFixed(0);
    return {
      lines,
      targets: [
        {
          target: 'webhook throughput ≥ the SDK’s empty-handler baseline',
          figure: `ratio ${ratio.toFixed(2)} (${rps(closed.ours)} vs ${rps(closed.sdk)} requests/s, medians of ${rounds})`,
          met: ratio >= 1,
        },
        {
          target: 'webhook p99 < 10 ms at 500 requests/s',
          figure: `${ms(p99)} (median of ${rounds}; p50 ${ms(med(rate.ours, (l) => l.p50))}; baseline ${ms(med(rate.sdk, (l) => l.p99))})`,
          met: p99 < 10,
        },
        {
          target: 'serving process < 150 MB RSS throughout',
          figure: `${oursPeak} MB peak (VmHWM) over the whole webhook run; baseline ${sdkPeak} MB`,
          met: oursPeak < 150,
        },
      ],
    };
  } finally {
    await ours.stop();
    await sdk.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
