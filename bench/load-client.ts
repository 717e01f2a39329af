// The load generator, in its own process so it does not take CPU from the servers it measures:
// node:http with a keep-alive agent, closed loop (N clients back to back) or a fixed request rate.
// The first `warmup` requests go out the same way but are not counted: they open this process's
// connections and warm its own code, which would otherwise be the slowest percent of every run.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Job {
  url: string;
  requests: { headers: Record<string, string>; body: string }[];
  mode: 'closed' | 'rate';
  concurrency: number;
  rps: number;
  warmup: number;
}

const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Job;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL(job.url);

function send(r: Job['requests'][number]): Promise<{ ms: number; status: number }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - start, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - start, status: 0 }));
    req.end(r.body);
  });
}

const results: { ms: number; status: number; index: number }[] = [];
// Warm-up included: a request that was not answered 200 was never acknowledged, so no reply is owed.
let acknowledged = 0;
let measuredFrom = 0;
/** Sends request `index`, counting it only past the warm-up; the clock starts at the first counted. */
async function sendCounted(index: number): Promise<void> {
  const r = job.requests[index];
  if (!r) return;
  if (index === job.warmup) measuredFrom = performance.now();
  const result = await send(r);
  if (result.status === 200) acknowledged++;
  if (index >= job.warmup) results.push({ ...result, index });
}

if (job.mode === 'closed') {
  let next = 0;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.requests.length) await sendCounted(next++);
    }),
  );
} else {
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < job.requests.length; i++) {
    const wait = start + (i * 1000) / job.rps - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(sendCounted(i));
  }
  await Promise.all(inflight);
}
const seconds = (performance.now() - measuredFrom) / 1000;
const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const at = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({
    rps: results.length / seconds,
    p50: at(50),
    p99: at(99),
    errors: results.filter((r) => r.status !== 200).length,
    acknowledged,
    notAcknowledged: job.requests.length - acknowledged,
  }),
);
// BENCH_SLOWEST=1: the slowest counted requests (index, ms) on stderr, to see whether they cluster.
if (process.env.BENCH_SLOWEST) {
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 30);
  process.stderr.write(`${JSON.stringify(slowest.map((r) => [r.index, Math.round(r.ms)]))}\n`);
}
agent.destroy();
