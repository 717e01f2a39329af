// The thread a workbook is parsed on (workbook-thread.ts starts it, one per workbook): the same
// parseWorkbook as everywhere, its result posted back by id.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Roster } from '../domain/roster.ts';
import { parseWorkbook } from '../excel/import.ts';
import { toWire } from '../excel/parse-wire.ts';

export interface WorkbookJob {
  buffer: Uint8Array;
  roster: Roster;
  senderId: string;
}

yieldToTheServer();

parentPort?.once('message', async ({ buffer, roster, senderId }: WorkbookJob) => {
  const sender = roster.units.find((u) => u.id === senderId);
  if (!sender) throw new Error('the sender is not in the roster sent along');
  parentPort?.postMessage(toWire(await parseWorkbook(buffer, { roster, sender })));
});

/**
 * On Linux a thread has a nice value of its own: this one takes the lowest priority, so on a machine
 * with a core or two the serving thread (webhooks, /health) is never kept waiting for a parse. Elsewhere
 * (no /proc/thread-self) it runs at the process's priority.
 */
function yieldToTheServer(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the parse still runs off the serving thread.
  }
}
