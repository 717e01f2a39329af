// Two instances of `npm start` on one PostgreSQL database taking the webhook load together, against the
// baseline of one instance on the same database taking the same load, same run. Each message is sent
// to one of them, and one in ten to both (a platform retry landing on the other instance): every
// message acknowledged must be answered exactly once, whichever instance took it. Asserted: replies
// equal the distinct messages, and the Open API saw exactly that many sends (no double hidden by its
// uuid de-duplication). Both instances, PostgreSQL and the load share this machine's cores: this shows
// correctness under load, not scaling.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MESSAGES_PATH, startFakeFeishu } from '../test/support/fake-feishu.ts';
import { buildSignedRequest, messageSample } from '../test/support/feishu-sign.ts';
import { underPostgres } from './postgres.bench.ts';
import { ms, type Section } from './support.ts';
import { compile, KEY, type Load, loadOf, startOurs, TOKEN, WARMUP, waitFor } from './webhook.bench.ts';

/** Messages each instance is sent (after WARMUP uncounted); one in ten also to the other instance. */
const N = Number(process.env.BENCH_N ?? 3000);

function message(id: string, chat: number) {
  const sample = messageSample({ token: TOKEN, eventId: `e-${id}`, messageId: `m-${id}` });
  sample.event.message.chat_type = 'p2p';
  sample.event.message.chat_id = `oc_${chat}`;
  sample.event.sender.sender_id.open_id = `ou_${chat}`;
  sample.event.message.mentions = [];
  sample.event.message.content = JSON.stringify({ text: '帮助' });
  return buildSignedRequest(sample, { encryptKey: KEY, timestamp: Math.floor(Date.now() / 1000) });
}

interface Run {
  loads: Load[];
  /** Distinct messages acknowledged: the replies owed. */
  owed: number;
  replies: number;
  sends: number;
  seconds: number;
}

/**
 * `instances` servers on a fresh database of `createDb`, each sent its own N + WARMUP messages; with
 * two, one in ten of the second's list are the first's messages again.
 */
async function runWith(
  instances: 1 | 2,
  entry: string,
  createDb: () => Promise<{ url: string; drop(): Promise<void> }>,
): Promise<Run> {
  const fake = await startFakeFeishu();
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bench-two-'));
  const db = await createDb();
  const servers = [];
  try {
    // One after the other: the second finds the migrations applied.
    for (let i = 0; i < instances; i++) servers.push(await startOurs(entry, fake, dir, db.url));
    // Each list opens with WARMUP uncounted; one instance is sent both instances' counted messages.
    const per = instances === 2 ? N + WARMUP : 2 * N + WARMUP;
    const lists = servers.map((_, s) =>
      Array.from({ length: per }, (_, i) => {
        // The second instance's every tenth message is the first instance's message i (a retry).
        const shared = s === 1 && i % 10 === 5;
        const id = shared ? `0-${i}` : `${s}-${i}`;
        return { id, request: message(id, i % 500) };
      }),
    );
    const started = performance.now();
    const loads = await Promise.all(
      servers.map((server, s) =>
        loadOf(
          server.url,
          (lists[s] ?? []).map((m) => m.request),
          'closed',
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const errors = loads.reduce((sum, l) => sum + l.errors + l.notAcknowledged, 0);
    if (errors > 0) throw new Error(`${errors} requests were not answered 200`);
    const owed = new Set(lists.flat().map((m) => m.id)).size;
    await waitFor(
      () => fake.messages.length >= owed,
      'every reply',
      600,
      () => `${fake.messages.length} of ${owed}`,
    );
    // Anything doubled would have been sent by now (the replies are paced, not delayed).
    await new Promise((r) => setTimeout(r, 2000));
    return {
      loads,
      owed,
      replies: fake.messages.length,
      sends: fake.requestsTo(MESSAGES_PATH).length,
      seconds,
    };
  } finally {
    for (const server of servers) await server.stop();
    await fake.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The two-instance section, on the PostgreSQL server TEST_POSTGRES_URL names (else started for it). */
export async function benchTwoInstances(): Promise<Section> {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) return underPostgres('instances', '### Two instances on PostgreSQL');
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await measured(async () => {
      const name = `bangfu_two_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const at = new URL(url);
      at.pathname = `/${name}`;
      return {
        url: at.toString(),
        drop: async () => void (await admin.query(`DROP DATABASE ${name} WITH (FORCE)`)),
      };
    });
  } finally {
    await admin.end();
  }
}

async function measured(createDb: () => Promise<{ url: string; drop(): Promise<void> }>): Promise<Section> {
  const { ours } = await compile();
  const one = await runWith(1, ours, createDb);
  const two = await runWith(2, ours, createDb);
  const exact = (r: Run) => r.replies === r.owed && r.sends === r.owed;
  for (const [name, r] of [
    ['one instance', one],
    ['two instances', two],
  ] as const)
    if (!exact(r))
      throw new Error(`${name}: ${r.owed} messages owed a reply, ${r.replies} replies, ${r.sends} sends`);
  const rps = (r: Run) => r.loads.reduce((sum, l) => sum + l.rps, 0);
  const row = (name: string, r: Run) =>
    `| ${name} | ${r.loads.length} | ${rps(r).toFixed(0)} | ${r.loads.map((l) => ms(l.p50)).join(' · ')} | ${r.loads.map((l) => ms(l.p99)).join(' · ')} | ${r.owed} | ${r.replies} | ${r.sends} | ${r.owed - r.replies} | ${r.sends - r.owed} |`;
  const ratio = rps(two) / rps(one);
  return {
    lines: [
      '### Two instances on PostgreSQL',
      '',
      `What \`npm start\` runs (the bundle under plain node, logging at info), two processes on one PostgreSQL database, each sent ${N} counted signed and encrypted Feishu messages after ${WARMUP} uncounted by a load generator of its own (16 clients, closed loop), both at once; one in ten of the second instance's messages are the first instance's again (a platform retry landing on the other instance). Baseline: one instance on a fresh database of the same server sent the same number of messages (${2 * N} counted), same run. Replies go out through the loopback Open API (Feishu's uuid de-duplication included, which is why sends are counted too). Every message acknowledged was answered exactly once — asserted: replies = distinct messages = sends, or the benchmark fails. The instances, PostgreSQL and the load generators share this machine's ${cpus().length} cores: this shows correctness under load, not scaling — two instances cannot be faster than one here, and are not expected to be.`,
      '',
      '| run | load generators | requests/s (sum) | p50 each | p99 each | messages owed a reply | replies | sends | lost | doubled |',
      '|---|---|---|---|---|---|---|---|---|---|',
      row('baseline: one instance', one),
      row('two instances, one database', two),
      '',
      `Requests/s ratio two instances / one (same run): **${ratio.toFixed(2)}**.`,
    ],
    targets: [
      {
        target: 'PostgreSQL: two instances take the webhook load, no reply lost or doubled',
        figure: `${two.owed} messages (${two.loads.reduce((s, l) => s + l.acknowledged, 0)} deliveries), ${two.replies} replies, ${two.sends} sends; ${rps(two).toFixed(0)} requests/s together vs ${rps(one).toFixed(0)} for one instance`,
        met: exact(two),
      },
    ],
  };
}
