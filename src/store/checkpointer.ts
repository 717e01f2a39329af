// WAL checkpoints off the event loop. better-sqlite3 is synchronous, so SQLite's automatic checkpoint
// (at 1000 pages: ~4 MB copied into the database file and synced) runs inside whichever commit crosses
// the mark — at quarter end a webhook's de-duplication claim every second or so, stalling every request
// queued behind it for milliseconds. The serving process turns the automatic checkpoint off and this
// worker thread, with its own connection, runs a PASSIVE checkpoint every second: it copies what no
// reader still needs, never waits for the writer, and the writer starts the WAL over once it has
// caught up. Should the thread die, the automatic checkpoint comes back on.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS for an eval'd worker: no separate file to bundle, and the same under tsx and esbuild.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

export function startCheckpointer(options: {
  path: string;
  everyMs?: number;
  /** The thread is gone: the caller turns the automatic checkpoint back on. */
  onExit(error?: unknown): void;
  /** A checkpoint failed (logged by the caller; the next one is tried a second later). */
  onError?(message: string): void;
}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path: options.path, everyMs: options.everyMs ?? 1000 },
  });
  // A background helper: it must not keep the process alive on its own.
  worker.unref();
  let stopping = false;
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => {
    if (!stopping) options.onExit(error);
  });
  worker.on('exit', () => {
    if (!stopping) options.onExit();
  });
  return {
    stop() {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      return exited;
    },
  };
}
