// Kill the server (SIGKILL) in the middle of a burst of card submissions and start it again on the same
// database: every acknowledged submission is there, none is half written, redeliveries act once.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sqlite.ts';
import { demoStore, MIGRATIONS, root, type TempDb } from '../support/demo-store.ts';
import { type FakeFeishu, startFakeFeishu } from '../support/fake-feishu.ts';
import { buildSignedRequest, cardActionSample } from '../support/feishu-sign.ts';

const KEY = 'crash-encrypt-key';
const TOKEN = 'crash-token';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let child: ChildProcess | undefined;
let db: TempDb | undefined;
let fake: FakeFeishu | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  db?.cleanup();
});

async function start(port: number, url: string, domain: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', root('src/runtime/node.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      FEISHU_APP_ID: 'cli_crash',
      FEISHU_APP_SECRET: 'crash-secret',
      FEISHU_ENCRYPT_KEY: KEY,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: domain,
    },
    stdio: 'ignore',
    cwd: root('.'),
  });
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return proc;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

function submission(county: string, openId: string, n: number) {
  const sample = cardActionSample({ token: TOKEN, eventId: `crash-${openId}-${n}` });
  sample.event.operator.open_id = openId;
  const form = {
    orgName: `组织${n}`,
    level: '省级',
    supervisor: '省民政厅',
    agreementSigned: '是',
    domain: '教育',
    projectName: `项目${n}`,
    fundsPlanned: '10',
    fundsActual: '1',
    reporter: `marker-${openId}-${n}`,
  };
  return {
    ...sample,
    event: {
      ...sample.event,
      action: {
        ...sample.event.action,
        value: { op: 'save', l: 'a4', p: '2023Q1', c: `county:${county}`, r: '' },
        form_value: form,
      },
    },
  };
}

describe('crash safety', () => {
  it('keeps every acknowledged submission whole across a SIGKILL, and de-duplicates redeliveries', async () => {
    const seeded = await demoStore();
    db = seeded.db;
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
    fake = await startFakeFeishu();
    const port = await freePort();
    child = await start(port, db.url, fake.url);
    const url = `http://127.0.0.1:${port}/webhooks/feishu`;
    const now = () => Math.floor(Date.now() / 1000);

    const acknowledged: { county: string; marker: string; payload: unknown }[] = [];
    let killed = false;
    const burst = counties.map(async (county, i) => {
      for (let n = 1; n <= 20 && !killed; n++) {
        const payload = submission(county, `ou_c${i}`, n);
        const signed = buildSignedRequest(payload, { encryptKey: KEY, timestamp: now() });
        const response = await fetch(url, {
          method: 'POST',
          headers: signed.headers,
          body: signed.body,
        }).catch(() => null);
        if (!response) return;
        const body = (await response.json().catch(() => ({}))) as { toast?: { type?: string } };
        if (response.status === 200 && body.toast?.type === 'success')
          acknowledged.push({ county, marker: `marker-ou_c${i}-${n}`, payload });
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    killed = true;
    child.kill('SIGKILL');
    await Promise.all(burst);
    expect(acknowledged.length).toBeGreaterThan(10);

    // Restart on the same database.
    child = await start(port, db.url, fake.url);
    const store = openSqlite(db.url, MIGRATIONS);
    const rows = await store.db.selectFrom('revisions').selectAll().where('form', '=', 'a4').execute();
    const headers = rows.filter((r) => r.row_key === '');
    const reporters = new Set(headers.map((h) => (JSON.parse(h.payload) as { reporter: string }).reporter));
    for (const a of acknowledged) expect(reporters, a.marker).toContain(a.marker);
    // None half written: each revision is one header plus its rows, revisions numbered without gaps.
    const byRevision = new Map<string, number>();
    for (const r of rows)
      byRevision.set(
        `${r.county_id}|${r.revision}`,
        (byRevision.get(`${r.county_id}|${r.revision}`) ?? 0) + 1,
      );
    for (const h of headers)
      expect(byRevision.get(`${h.county_id}|${h.revision}`), `${h.county_id} r${h.revision}`).toBe(
        h.revision + 1,
      );
    for (const county of new Set(headers.map((h) => h.county_id))) {
      const numbers = headers
        .filter((h) => h.county_id === county)
        .map((h) => h.revision)
        .sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }

    // Redelivering an acknowledged callback acts once.
    const before = rows.length;
    const first = acknowledged[0];
    if (!first) throw new Error('nothing acknowledged');
    const again = buildSignedRequest(first.payload, { encryptKey: KEY, timestamp: now() });
    const response = await fetch(url, { method: 'POST', headers: again.headers, body: again.body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(
      (await store.db.selectFrom('revisions').select('form').where('form', '=', 'a4').execute()).length,
    ).toBe(before);
    await store.close();
  }, 120_000);
});
