// What the bot is given: the store, the clock, and the platform's outbound side and directory.

import type { Directory, FileSource, Messenger, Platform } from '../conversation/model.ts';
import type { WorkbookParser } from '../excel/import.ts';
import type { DocumentStore } from '../store/document-store.ts';
import type { Store } from '../store/store.ts';
import type { IntentFallback } from './intent-fallback.ts';

export interface BotDeps {
  store: Store;
  now(): Date;
  /** Sends to anyone other than the asker in the current conversation (nudges, private answers). */
  messenger: Messenger;
  /** The platform directory, when the channel has one (mobile → account binding). */
  directories?: Partial<Record<Platform, Directory>>;
  /** Where files sent to the bot are fetched from, per platform (Feishu, DingTalk). */
  files?: Partial<Record<Platform, FileSource>>;
  /** Where received files are kept: documents (D1, D2) and templates waiting for 确认保存. */
  documents?: DocumentStore;
  /** Keeps sends alive after the answer (a card callback must answer within 3 s); absent: awaited. */
  defer?: (work: Promise<unknown>) => void;
  /** Parses a workbook sent in (runtime/workbook-thread.ts on Node: off the serving thread); absent,
   *  on the caller's. */
  parseWorkbook?: WorkbookParser;
  /** Optional model reading of what the rules do not understand (bot/model-reading/); off by default. */
  intentFallback?: IntentFallback;
}

/** Runs slow work (sends to other people) after the answer when the runtime can, else now. */
export async function later(deps: BotDeps, work: () => Promise<unknown>): Promise<void> {
  if (deps.defer) deps.defer(work());
  else await work();
}
