// Wires the same app for every runtime: the bot over the store, the channels the configuration turns
// on, the HTTP routes, and the reminder sweep. Runtime entries only add their driver, clock and timers.
import type { Context, Hono } from 'hono';
import { attempts, PASSWORD_LIMIT } from '../app/attempt-limit.ts';
import { exportWorkbook } from '../app/excel.ts';
import { type Inbox, type InboxDeps, inboxEach } from '../app/inbox.ts';
import { answerMessage } from '../bot/answer.ts';
import type { BotDeps } from '../bot/deps.ts';
import { dispatch } from '../bot/dispatch.ts';
import { routeMessengers } from '../bot/messengers.ts';
import type { InboundEvent, Messenger, PendingMessage } from '../bot/model.ts';
import { consoleRoutes } from '../channels/console/index.ts';
import { createDingtalkClient, type DingtalkClient, dingtalkWebhook } from '../channels/dingtalk/index.ts';
import { createFeishuClient, type FeishuClient, feishuWebhook } from '../channels/feishu/index.ts';
import type { JsonTransport } from '../channels/json-transport.ts';
import { dashboardRoutes } from '../dashboard/route.ts';
import type { WorkbookParser } from '../excel/import.ts';
import { createApp } from '../http/app.ts';
import { assetRoutes, type WebAsset } from '../http/assets.ts';
import { requirePassword } from '../http/basic-auth.ts';
import { securityHeaders } from '../http/page.ts';
import { say } from '../prompts.ts';
import {
  DEFAULT_REMINDER_SETTINGS,
  type ReminderSettings,
  runDueReminders,
  type SweepResult,
} from '../reminders/sweep.ts';
import { consoleMessenger } from '../store/console-inbox.ts';
import type { DocumentStore } from '../store/document-store.ts';
import { claimEvent } from '../store/events-repo.ts';
import { loadWorkCalendar } from '../store/holidays-repo.ts';
import { useSignature } from '../store/signatures-repo.ts';
import type { Store } from '../store/store.ts';
import type { DemoClock } from './clock.ts';
import type { Config } from './config.ts';
import { consoleDeps } from './console-deps.ts';

const NODE_MIGRATE_COMMAND = 'npm run -s cli -- migrate';

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
  /** Parses workbooks sent in chat (Node: on a thread of their own); absent, on the serving one. */
  parseWorkbook?: WorkbookParser;
  /** In demo mode only: the clock `now` reads, which the console can move. */
  demoClock?: DemoClock;
  /** The console's and dashboard's static files (read by the Node entry). */
  webAssets?: readonly WebAsset[];
  /** The address a request came from (Node: its socket's), for counting wrong console passwords. */
  clientAddress?: (c: Context) => string;
}

export interface Channels {
  messenger: Messenger;
  feishu: FeishuClient | null;
  dingtalk: DingtalkClient | null;
  bot: BotDeps;
  reminders: ReminderSettings;
}

export function composeChannels(
  config: Config,
  runtime: Pick<Runtime, 'store' | 'now' | 'logger'> &
    Partial<Pick<Runtime, 'defer' | 'documents' | 'transport' | 'parseWorkbook'>>,
): Channels {
  const transport = runtime.transport ? { transport: runtime.transport } : {};
  const feishu = config.feishu
    ? createFeishuClient({
        appId: config.feishu.appId,
        appSecret: config.feishu.appSecret,
        domain: config.feishu.domain,
        logger: runtime.logger,
        now: runtime.now,
        ...transport,
      })
    : null;
  const dingtalk = config.dingtalk
    ? createDingtalkClient({
        appKey: config.dingtalk.appKey,
        appSecret: config.dingtalk.appSecret,
        robotCode: config.dingtalk.robotCode,
        ...(config.dingtalk.cardTemplateId ? { cardTemplateId: config.dingtalk.cardTemplateId } : {}),
        ...(config.dingtalk.cardCallbackRouteKey
          ? { cardCallbackRouteKey: config.dingtalk.cardCallbackRouteKey }
          : {}),
        baseUrl: config.dingtalk.baseUrl,
        oapiBaseUrl: config.dingtalk.oapiBaseUrl,
        logger: runtime.logger,
        now: runtime.now,
        ...transport,
      })
    : null;
  const messenger = routeMessengers({
    console: consoleMessenger(runtime.store, runtime.now),
    ...(feishu ? { feishu } : {}),
    ...(dingtalk ? { dingtalk } : {}),
  });
  const platformClients = { ...(feishu ? { feishu } : {}), ...(dingtalk ? { dingtalk } : {}) };
  const bot: BotDeps = {
    store: runtime.store,
    now: runtime.now,
    messenger,
    // Each platform client is both the directory of its accounts and the source of files sent to it.
    directories: platformClients,
    files: platformClients,
    ...(runtime.documents ? { documents: runtime.documents } : {}),
    ...(runtime.defer ? { defer: runtime.defer } : {}),
    ...(runtime.parseWorkbook ? { parseWorkbook: runtime.parseWorkbook } : {}),
  };
  return {
    messenger,
    feishu,
    dingtalk,
    bot,
    reminders: { ...DEFAULT_REMINDER_SETTINGS, sendAt: config.reminderSendAt },
  };
}

export function sweeper(
  channels: Channels,
  runtime: Pick<Runtime, 'store' | 'worker'>,
): (now: Date) => Promise<SweepResult> {
  return async (now) =>
    runDueReminders(
      {
        store: runtime.store,
        messenger: channels.messenger,
        worker: runtime.worker,
        calendar: await loadWorkCalendar(runtime.store),
        settings: channels.reminders,
      },
      now,
    );
}

/** What the inbox of chat messages answered and waiting for the bot needs (app/inbox.ts). */
export function inboxDeps(runtime: Runtime, channels: Channels): InboxDeps {
  const answer = {
    dispatch: (event: InboundEvent) => dispatch(event, channels.bot),
    messenger: channels.messenger,
    logger: runtime.logger,
  };
  return {
    store: runtime.store,
    now: runtime.now,
    worker: runtime.worker,
    logger: runtime.logger,
    defer: runtime.defer,
    answer: (message) => answerMessage(message, answer),
  };
}

/** The app; chat messages go to `inbox`, by default each handled as soon as it is taken in. */
export function composeApp(
  config: Config,
  runtime: Runtime,
  channels: Channels,
  inbox: Inbox = inboxEach(inboxDeps(runtime, channels)),
): Hono {
  const app = createApp({
    store: runtime.store,
    now: runtime.now,
    version: runtime.version,
    migrateCommand: runtime.migrateCommand ?? NODE_MIGRATE_COMMAND,
  });
  // Chat messages and card presses alike are claimed once; a message is kept with its claim.
  const intake = {
    claim: (key: string, message?: PendingMessage) => claimEvent(runtime.store, key, runtime.now(), message),
    received: (key: string) => inbox.received(key),
  };
  if (config.feishu) {
    app.route(
      '/',
      feishuWebhook({
        encryptKey: config.feishu.encryptKey,
        verificationToken: config.feishu.verificationToken,
        ...(config.feishu.botOpenId ? { botOpenId: config.feishu.botOpenId } : {}),
        now: runtime.now,
        dispatch: (event) => dispatch(event, channels.bot),
        ...intake,
        messenger: channels.messenger,
        defer: runtime.defer,
        logger: runtime.logger,
        errorToast: say('bot.errorToast'),
      }),
    );
  }
  if (config.dingtalk && channels.dingtalk) {
    const client = channels.dingtalk;
    app.route(
      '/',
      dingtalkWebhook({
        appSecret: config.dingtalk.appSecret,
        ...(config.dingtalk.cardCallbackToken
          ? { cardCallbackToken: config.dingtalk.cardCallbackToken }
          : {}),
        now: runtime.now,
        dispatch: (event) => dispatch(event, channels.bot),
        ...intake,
        messenger: channels.messenger,
        updateCard: (outTrackId, card) => client.updateCard(outTrackId, card),
        useSignature: (signature, messageId) =>
          useSignature(runtime.store, signature, messageId, runtime.now()),
        defer: runtime.defer,
        logger: runtime.logger,
        errorToast: say('bot.errorToast'),
      }),
    );
  }
  if (config.console.enabled) mountConsole(app, config, runtime, channels);
  return app;
}

/** The console and dashboard: only when enabled, behind HTTP Basic when a password is set; the demo
 *  clock and the sweep button only in demo mode (no chat platform). */
function mountConsole(app: Hono, config: Config, runtime: Runtime, channels: Channels): void {
  const paths = ['/console', '/console/*', '/dashboard', '/dashboard/*'];
  const password = config.console.password;
  const guard = {
    attempts: attempts(runtime.store, PASSWORD_LIMIT, runtime.now),
    limit: PASSWORD_LIMIT,
    addressOf: runtime.clientAddress ?? (() => 'unknown'),
  };
  for (const path of paths) {
    if (password) app.use(path, requirePassword(password, guard));
    app.use(path, securityHeaders);
  }
  const clock = config.console.demo ? runtime.demoClock : undefined;
  const sweep = sweeper(channels, runtime);
  const demo = clock ? { clock, sweep: () => sweep(runtime.now()) } : null;
  app.route('/', assetRoutes(runtime.webAssets ?? []));
  app.route('/', consoleRoutes(consoleDeps(runtime, channels, demo)));
  app.route(
    '/',
    dashboardRoutes({
      store: runtime.store,
      now: runtime.now,
      demo: config.console.demo,
      exportWorkbook: async (query, now) => {
        const result = await exportWorkbook(runtime.store, query, now);
        return result.ok
          ? { ok: true, buffer: result.buffer, filename: result.filename }
          : { ok: false, message: result.problems.map((p) => p.message).join('；') };
      },
    }),
  );
}
