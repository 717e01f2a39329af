// Finding 8: killed with SIGKILL, the server stayed a zombie until its parent reaped it, kill(pid, 0)
// called that alive, and the restart left the dead run's messages to their five-minute lease: 16
// acknowledged messages were answered 5 min 20 s late. A zombie holder is now recognised by its
// /proc state and its messages are taken back at start.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processAlive } from '../../src/runtime/process-alive.ts';
import { openStore } from '../../src/store/open.ts';
import { MIGRATIONS } from '../support/demo-store.ts';
import {
  type Bound,
  chatMessage,
  postSigned,
  type Served,
  startBound,
  startFeishuServer,
} from '../support/feishu-server.ts';

let bound: Bound | undefined;
let restarted: Served | undefined;
afterEach(async () => {
  restarted?.proc.kill('SIGKILL');
  bound?.served.proc.kill('SIGKILL');
  await bound?.fake.close();
  await bound?.db.cleanup();
  bound = undefined;
  restarted = undefined;
});

const state = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

describe('a restart right after a SIGKILL whose process is not yet reaped', () => {
  it('takes back at once the messages the zombie held', async () => {
    bound = await startBound('unreaped');
    const { counties, url, port, db, fake, served } = bound;
    const burst = counties.map(async (_, i) => {
      for (let n = 1; n <= 8; n++) {
        await postSigned(url, chatMessage(`ou_c${i}`, `oc_z_${i}_${n}`, `om_z_${i}_${n}`)).catch(() => null);
      }
    });
    await Promise.all(burst);
    await new Promise((r) => setTimeout(r, 100));
    process.kill(served.pid, 'SIGKILL');
    await vi.waitFor(() => expect(state(served.pid)).toBe('Z'));
    expect(processAlive(served.pid)).toBe(false);

    // Holders are `host:pid:random` (the random part tells containers with the same host and pid apart).
    const holder = `${hostname()}:${served.pid}:`;
    const store = await openStore(db.url, MIGRATIONS);
    const heldBy = async (who: string) =>
      (
        await store.db
          .selectFrom('processed_events')
          .select('key')
          .where('work', 'is not', null)
          .where('taken_by', 'like', `${who}%`)
          .execute()
      ).length;
    try {
      // The dead run was in the middle of answering: it holds leases that have minutes to run.
      expect(await heldBy(holder)).toBeGreaterThan(0);
      restarted = await startFeishuServer(port, db.url, fake);
      // Once the new run serves, none of the zombie's messages is still leased to it.
      expect(await heldBy(holder)).toBe(0);
      await vi.waitFor(
        async () => {
          const health = await fetch(`http://127.0.0.1:${port}/health`);
          expect(await health.json()).toMatchObject({ waitingMessages: 0 });
        },
        { timeout: 60_000, interval: 200 },
      );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a live process and this one are alive; a pid that exists no more is not', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(process.ppid)).toBe(true);
    expect(processAlive(2 ** 22 + 1)).toBe(false);
  });
});
