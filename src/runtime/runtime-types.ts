// What a runtime gives the wiring (store, clock, logger, deferral, assets) and what the wiring makes
// of the configured channels: the types compose.ts and console-deps.ts share.

import type { Context } from 'hono';
import type { BotDeps } from '../bot/deps.ts';
import type { ModelReading } from '../bot/model-reading/client.ts';
import type { ConnectionSnapshot } from '../channels/connection/status.ts';
import type { OpenChannel } from '../channels/contract.ts';
import type { JsonTransport } from '../channels/json-transport.ts';
import type { Messenger, Platform } from '../conversation/model.ts';
import type { Receipts } from '../conversation/receipts.ts';
import type { WorkbookParser } from '../excel/import.ts';
import type { WebAsset } from '../http/assets.ts';
import type { EscalationSettings } from '../reminders/escalation.ts';
import type { RefusalLog } from '../reminders/refusals.ts';
import type { ReminderSettings } from '../reminders/sweep.ts';
import type { DocumentStore } from '../store/document-store.ts';
import type { Store } from '../store/store.ts';
import type { DemoClock } from './clock.ts';
import type { Metrics } from './metrics.ts';

type LogFn = (obj: object, msg?: string) => void;

/** The logging the app needs: pino's Logger on Node, a console JSON logger on Workers. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface Runtime {
  store: Store;
  now(): Date;
  logger: Logger;
  /** Keeps work alive after a response (Workers waitUntil; a tracked promise on Node). */
  defer(work: Promise<unknown>): void;
  /** Names this process in outbox claims. */
  worker: string;
  /** The platforms' JSON calls (Node: node:http); absent, they go through fetch. */
  transport?: JsonTransport;
  version: string;
  /** The command that applies the migrations here, named when the database lacks one (default: the
   *  CLI's, which Node runs anyway on start). */
  migrateCommand?: string;
  /** Where received files are kept (a directory on Node, R2 on Workers); without it files are refused. */
  documents?: DocumentStore;
  /** In demo mode only: the clock `now` reads, which the console can move. */
  demoClock?: DemoClock;
  /** The console's and dashboard's static files (read by the Node entry). */
  webAssets?: readonly WebAsset[];
  /** The long connections' states for /health (Node, when a platform connects out). */
  connections?: () => readonly ConnectionSnapshot[];
  /** fetch for files (the Node entry's goes through the proxy when one is configured). */
  fetch?: typeof fetch;
  /** Counters for /metrics (Node). */
  metrics?: Metrics;
  /** Parses workbooks sent in chat (Node: on a thread of their own); absent, on the serving one. */
  parseWorkbook?: WorkbookParser;
  /** The address a request came from (Node: its socket's), for counting wrong console passwords. */
  clientAddress?: (c: Context) => string;
}

export interface Channels {
  messenger: Messenger;
  /** The chat platforms the configuration turns on (platforms.ts), their clients made. */
  platforms: readonly OpenChannel[];
  bot: BotDeps;
  reminders: ReminderSettings;
  /** Read receipts and urging per platform connected (the console's always). */
  receipts: Partial<Record<Platform, Receipts>>;
  escalation: EscalationSettings;
  /** Refused receipt and urge calls, logged once each for the life of the process. */
  refusals: RefusalLog;
  /** The optional model reading (LLM_BASE_URL, LLM_MODEL), null when off. */
  model: ModelReading | null;
}
