// The load generator, in its own process so it does not take CPU from the servers it measures:
// node:http with a keep-alive agent, closed loop (N clients back to back) or a fixed request rate.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Job {
  url: string;
  requests: { headers: Record<string, string>; body: string }[];
  mode: 'closed' | 'rate';
  concurrency: number;
  rps: number;
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

const results: { ms: number; status: number }[] = [];
const start = performance.now();
if (job.mode === 'closed') {
  let next = 0;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      for (let r = job.requests[next++]; r; r = job.requests[next++]) results.push(await send(r));
    }),
  );
} else {
  const inflight: Promise<void>[] = [];
  for (const [i, r] of job.requests.entries()) {
    const due = start + (i * 1000) / job.rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(send(r).then((x) => void results.push(x)));
  }
  await Promise.all(inflight);
}
const seconds = (performance.now() - start) / 1000;
const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const at = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({
    rps: results.length / seconds,
    p50: at(50),
    p99: at(99),
    errors: results.filter((r) => r.status !== 200).length,
  }),
);
agent.destroy();
