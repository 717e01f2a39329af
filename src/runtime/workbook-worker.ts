// The thread a workbook is parsed on (workbook-thread.ts starts it, one per workbook): the same
// parseWorkbook as everywhere, its result posted back by id.
import { parentPort } from 'node:worker_threads';
import type { Roster } from '../domain/roster.ts';
import { parseWorkbook } from '../excel/import.ts';
import { toWire } from '../excel/parse-wire.ts';

export interface WorkbookJob {
  buffer: Uint8Array;
  roster: Roster;
  senderId: string;
}

parentPort?.once('message', async ({ buffer, roster, senderId }: WorkbookJob) => {
  const sender = roster.units.find((u) => u.id === senderId);
  if (!sender) throw new Error('the sender is not in the roster sent along');
  parentPort?.postMessage(toWire(await parseWorkbook(buffer, { roster, sender })));
});
