// The long connections under load: chat messages pushed by the loopback gateways (the ones the tests
// use) to ours as `npm start` runs it (the esbuild bundle under plain node, its own process) with
// FEISHU_MODE=long-connection, and with DINGTALK_MODE=stream; 16 events in flight at a time, each timed
// from its frame leaving the gateway to its answer frame coming back. Baseline, in the same run: the
// Feishu SDK's own WSClient with an empty handler, its own process, on a gateway of its own. (DingTalk's
// official client cannot be pointed at a loopback gateway: its address is a constant.) Every message
// ours answered also gets its reply through the loopback Open API; the run waits for them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { TOPIC_ROBOT } from '../src/channels/dingtalk/stream-protocol.ts';
import { directMessage } from '../test/support/dingtalk-sign.ts';
import { BATCH_SEND_PATH, startFakeDingtalk } from '../test/support/fake-dingtalk.ts';
import { startFakeDingtalkStream } from '../test/support/fake-dingtalk-stream.ts';
import { startFakeFeishu } from '../test/support/fake-feishu.ts';
import { startFakeFeishuGateway } from '../test/support/fake-feishu-gateway.ts';
import { messageSample } from '../test/support/feishu-sign.ts';
import { freePort } from '../test/support/server.ts';
import { median, ms, type Section } from './support.ts';
import { compile, type Serving, serve, startFlags, waitFor } from './webhook.bench.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const CONCURRENCY = 16;
/** The SDK insists on an App ID of this shape. */
const SDK_APP_ID = 'cli_a1b2c3d4e5f60718';

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not code 200. */
  errors: number;
}

/** `count` events through `push`, CONCURRENCY at a time; each timed to its answer. */
async function drive(count: number, push: (i: number) => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        if ((await push(i)) !== 200) errors += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: count / seconds, p50: at(0.5), p99: at(0.99), errors };
}

function feishuEvent(prefix: string, i: number) {
  const sample = messageSample({ eventId: `${prefix}-e${i}`, messageId: `${prefix}-m${i}` });
  sample.event.message.chat_type = 'p2p';
  sample.event.message.chat_id = `oc_${prefix}_${i % 500}`;
  sample.event.sender.sender_id.open_id = `ou_${prefix}_${i % 500}`;
  sample.event.message.mentions = [];
  sample.event.message.content = JSON.stringify({ text: '帮助' });
  return sample;
}

async function startOurs(entry: string, env: Record<string, string>, dir: string): Promise<Serving> {
  const port = await freePort();
  return serve(
    [...startFlags(), entry],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, `bench-${port}.db`)}`,
      CONSOLE_ENABLED: 'false',
      LOG_LEVEL: 'info',
      // As the webhook bench: replies drain at the 50 a second a burst may use.
      FEISHU_SENDS_PER_MINUTE: '100000',
      ...env,
    },
    async (child, output) => {
      await waitFor(async () => {
        if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
        return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok === true;
      }, 'our server');
      return port;
    },
    '/',
  );
}

export async function benchConnections(): Promise<Section> {
  const { ours: entry } = await compile();
  const sdkEntry = here('../dist/bench/sdk-ws-client.js');
  await build({
    entryPoints: [here('./sdk-ws-client.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: sdkEntry,
    logLevel: 'warning',
  });
  const n = Number(process.env.BENCH_CONNECTIONS_N ?? 1000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bench-connections-'));

  const feishu = await startFakeFeishu();
  const feishuGateway = await startFakeFeishuGateway(feishu, { pingIntervalSeconds: 30 });
  const sdkFake = await startFakeFeishu({ appId: SDK_APP_ID });
  const sdkGateway = await startFakeFeishuGateway(sdkFake, { pingIntervalSeconds: 30 });
  const dingtalk = await startFakeDingtalk();
  const stream = await startFakeDingtalkStream(dingtalk);
  const servers: Serving[] = [];
  try {
    const oursFeishu = await startOurs(
      entry,
      {
        FEISHU_MODE: 'long-connection',
        FEISHU_APP_ID: feishu.appId,
        FEISHU_APP_SECRET: feishu.appSecret,
        FEISHU_DOMAIN: feishu.url,
      },
      dir,
    );
    servers.push(oursFeishu);
    const oursDingtalk = await startOurs(
      entry,
      {
        DINGTALK_MODE: 'stream',
        DINGTALK_APP_KEY: dingtalk.appKey,
        DINGTALK_APP_SECRET: dingtalk.appSecret,
        DINGTALK_ROBOT_CODE: 'dingrobotcode',
        DINGTALK_BASE_URL: dingtalk.url,
        DINGTALK_OAPI_BASE_URL: dingtalk.url,
      },
      dir,
    );
    servers.push(oursDingtalk);
    const sdk = await serve(
      [sdkEntry],
      { FEISHU_APP_ID: SDK_APP_ID, FEISHU_APP_SECRET: sdkFake.appSecret, FEISHU_DOMAIN: sdkFake.url },
      async () => 0,
      '',
    );
    servers.push(sdk);
    await feishuGateway.waitForConnections(1);
    await stream.waitForConnections(1);
    // The SDK listens for frames only after its first ping.
    await waitFor(() => sdkGateway.pings() > 0, 'the SDK client');

    const pushFeishu = (gateway: typeof feishuGateway, prefix: string) => async (i: number) =>
      (await gateway.push(feishuEvent(prefix, i))).code;
    const pushDingtalk = (prefix: string) => async (i: number) =>
      (await stream.push(TOPIC_ROBOT, directMessage(`staff_${prefix}_${i % 500}`, '帮助', `${prefix}-m${i}`)))
        .code;
    // Warm-up, not counted.
    await drive(1000, pushFeishu(sdkGateway, 'sdk-warm'));
    await drive(1000, pushFeishu(feishuGateway, 'feishu-warm'));
    await drive(1000, pushDingtalk('dingtalk-warm'));
    const runs = { sdk: [] as Run[], feishu: [] as Run[], dingtalk: [] as Run[] };
    for (let round = 0; round < rounds; round++) {
      runs.sdk.push(await drive(n, pushFeishu(sdkGateway, `sdk-${round}`)));
      runs.feishu.push(await drive(n, pushFeishu(feishuGateway, `feishu-${round}`)));
      runs.dingtalk.push(await drive(n, pushDingtalk(`dingtalk-${round}`)));
    }
    const owed = 1000 + n * rounds;
    const drainStart = performance.now();
    await waitFor(() => feishu.messages.length >= owed, 'the Feishu replies', 900);
    const drain = performance.now() - drainStart;
    // DingTalk's replies leave at its 20 calls a second per API: not waited for, counted.
    const dingtalkSent = dingtalk.requestsTo(BATCH_SEND_PATH).length;
    const peaks = { feishu: oursFeishu.peakMb(), dingtalk: oursDingtalk.peakMb(), sdk: sdk.peakMb() };

    const med = (list: Run[], pick: (r: Run) => number) => median(list.map(pick));
    const line = (name: string, list: Run[], peak: number) =>
      `| ${name} | ${med(list, (r) => r.rps).toFixed(0)} | ${ms(med(list, (r) => r.p50))} | ${ms(med(list, (r) => r.p99))} | ${peak} MB | ${list.map((r) => `${r.rps.toFixed(0)}/s ${ms(r.p99)}`).join(' · ')} | ${list.reduce((sum, r) => sum + r.errors, 0)} |`;
    const ratio = med(runs.feishu, (r) => r.rps) / med(runs.sdk, (r) => r.rps);
    return {
      lines: [
        '### Long connections',
        '',
        `Chat messages pushed as frames by the loopback gateways (test/support/fake-feishu-gateway.ts, fake-dingtalk-stream.ts) over a WebSocket the server opened to them, ${CONCURRENCY} in flight at a time, each timed from its frame leaving the gateway to its answer coming back: ${rounds} rounds of ${n} after 1000 uncounted, alternating the three; medians, each run listed. Ours: what \`npm start\` runs (the bundle under plain node with ${startFlags().join(' ') || 'no flags'}, logging at info), one process per platform: the frame decoded, the event parsed, claimed in SQLite (kept until answered) and answered; then the reply through the loopback Open API (${owed} owed to each platform; Feishu's all sent, the last ${ms(drain)} after the last answer; DingTalk's leave at its 20 calls a second per API, ${dingtalkSent} sent by the end, the rest waiting in SQLite). Baseline: the Feishu SDK's WSClient with an empty handler (\`bench/sdk-ws-client.ts\`, bundled the same way). The gateways run in the benchmark's process. Peak RSS is each serving process's own (VmHWM) over the whole run.`,
        '',
        '| connection | events/s | p50 | p99 | peak RSS | each run | not 200 |',
        '|---|---|---|---|---|---|---|',
        line('baseline: SDK WSClient, empty handler', runs.sdk, peaks.sdk),
        line('ours: Feishu long connection', runs.feishu, peaks.feishu),
        line('ours: DingTalk Stream', runs.dingtalk, peaks.dingtalk),
        '',
        `Events/s ratio ours (Feishu) / baseline (medians): **${ratio.toFixed(2)}**.`,
      ],
      targets: [
        {
          target: 'long connections: serving process < 150 MB RSS throughout',
          figure: `Feishu ${peaks.feishu} MB, DingTalk ${peaks.dingtalk} MB peak (VmHWM); SDK baseline ${peaks.sdk} MB`,
          met: peaks.feishu < 150 && peaks.dingtalk < 150,
        },
      ],
    };
  } finally {
    for (const server of servers) await server.stop();
    await feishuGateway.close();
    await sdkGateway.close();
    await stream.close();
    await feishu.close();
    await sdkFake.close();
    await dingtalk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
