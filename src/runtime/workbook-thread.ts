// Workbooks parsed on a thread of their own, under a memory and a time limit (issue 22): exceljs reads
// a whole workbook at once, and even one the size limits let through (workbook-limits.ts) takes
// seconds — 5,000 rows × 30 columns, 2.6 s — that would hold up every webhook and /health on the
// serving thread. One workbook at a time, each on a new thread, so its memory is given back when it is
// done; a thread that runs out of memory or time is ended and the file refused, naming the limits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkbookParser } from '../excel/import.ts';
import { fromWire, type WireResult } from '../excel/parse-wire.ts';
import { fileProblem } from '../excel/problems.ts';
import type { WorkbookJob } from './workbook-worker.ts';

export interface WorkbookThreadLimits {
  /** The thread's heap (V8's old generation), in MB. */
  memoryMb: number;
  timeoutMs: number;
}

export const DEFAULT_WORKBOOK_THREAD_LIMITS: WorkbookThreadLimits = { memoryMb: 256, timeoutMs: 30_000 };

export function workbookThread(
  limits: WorkbookThreadLimits = DEFAULT_WORKBOOK_THREAD_LIMITS,
): WorkbookParser {
  let queue: Promise<unknown> = Promise.resolve();
  return (buffer, context) => {
    const job: WorkbookJob = { buffer, roster: context.roster, senderId: context.sender.id };
    const run = queue.then(() => onThread(job, limits)).then((wire) => fromWire(wire, context.roster));
    queue = run.catch(() => undefined);
    return run;
  };
}

function onThread(job: WorkbookJob, limits: WorkbookThreadLimits): Promise<WireResult> {
  const [entry, options] = workerEntry();
  const worker = new Worker(entry, {
    ...options,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16 },
  });
  const tooHeavy = (): WireResult => ({
    ok: false,
    problems: [fileProblem('excel.tooHeavy', { seconds: limits.timeoutMs / 1000, mb: limits.memoryMb })],
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<WireResult>((resolve, reject) => {
    timer = setTimeout(() => resolve(tooHeavy()), limits.timeoutMs);
    worker.once('message', (result: WireResult) => resolve(result));
    worker.once('error', (error: Error & { code?: string }) =>
      error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? resolve(tooHeavy()) : reject(error),
    );
    worker.once('exit', () => reject(new Error('the workbook thread stopped without an answer')));
    worker.postMessage(job);
  }).finally(() => {
    // Whatever the outcome, the thread goes, and its memory with it.
    clearTimeout(timer);
    void worker.terminate();
  });
}

/**
 * The worker's code: the bundle's sibling under `npm start` (dist/runtime/workbook-worker.js); from the
 * sources (tsx, the tests) the TypeScript file, loaded through tsx's loader registered on that thread.
 */
function workerEntry(): [string | URL, WorkerOptions] {
  const here = import.meta.url;
  if (!/\.ts$/.test(new URL(here).pathname)) return [new URL('./workbook-worker.js', here), {}];
  const tsx = tsxEsmApi(here);
  const source = new URL('./workbook-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return [boot, { eval: true }];
}

/** tsx's ESM register API (its `import` export: the CommonJS one cannot register ESM hooks here). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as TsxManifest).exports['./esm/api'];
  return new URL(exports.import.default, pathToFileURL(manifest)).href;
}

interface TsxManifest {
  exports: Record<'./esm/api', { import: { default: string } }>;
}
