// Wires the same app for every runtime: the bot over the store, the channels the configuration turns
// on, the HTTP routes, and the reminder sweep. Runtime entries only add their driver, clock and timers.
import type { Hono } from 'hono';
import { attempts, PASSWORD_LIMIT } from '../app/attempt-limit.ts';
import { exportWorkbook } from '../app/excel.ts';
import { type Inbox, type InboxDeps, inboxEach } from '../app/inbox.ts';
import type { BotDeps } from '../bot/deps.ts';
import { dispatch } from '../bot/dispatch.ts';
import { createModelReading } from '../bot/model-reading/client.ts';
import { consoleMessenger, consoleReceipts } from '../channels/console/inbox.ts';
import { consoleRoutes } from '../channels/console/index.ts';
import { createDingtalkClient, type DingtalkClient, dingtalkWebhook } from '../channels/dingtalk/index.ts';
import { createFeishuClient, type FeishuClient, feishuWebhook } from '../channels/feishu/index.ts';
import { silentLogger } from '../channels/logger.ts';
import { observedBatchMessenger, observedMessenger } from '../channels/observed-messenger.ts';
import { answerMessage } from '../conversation/deliver.ts';
import { routeMessengers } from '../conversation/messengers.ts';
import type { Card, InboundEvent, PendingMessage } from '../conversation/model.ts';
import { dashboardRoutes } from '../dashboard/route.ts';
import { createApp } from '../http/app.ts';
import { assetRoutes } from '../http/assets.ts';
import { requirePassword } from '../http/basic-auth.ts';
import { securityHeaders } from '../http/page.ts';
import { say } from '../prompts.ts';
import { refusalLog } from '../reminders/refusals.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepResult } from '../reminders/sweep.ts';
import { claimEvent } from '../store/events-repo.ts';
import { loadWorkCalendar } from '../store/holidays-repo.ts';
import { mailboxOf } from '../store/mailbox-repo.ts';
import { useSignature } from '../store/signatures-repo.ts';
import type { Config, FeishuConfig } from './config.ts';
import { consoleDeps } from './console-deps.ts';
import type { Channels, Runtime } from './runtime-types.ts';

const NODE_MIGRATE_COMMAND = 'npm run -s cli -- migrate';

export type { Channels, Logger, Runtime } from './runtime-types.ts';

export function composeChannels(
  config: Config,
  runtime: Pick<Runtime, 'store' | 'now' | 'logger'> &
    Partial<Pick<Runtime, 'defer' | 'documents' | 'transport' | 'fetch' | 'metrics' | 'parseWorkbook'>>,
): Channels {
  const transport = {
    ...(runtime.transport ? { transport: runtime.transport } : {}),
    ...(runtime.fetch ? { fetch: runtime.fetch } : {}),
    ...(runtime.metrics ? { metrics: runtime.metrics.channel } : {}),
  };
  const feishu = config.feishu
    ? createFeishuClient({
        appId: config.feishu.appId,
        appSecret: config.feishu.appSecret,
        domain: config.feishu.domain,
        perAppPerMinute: config.feishu.sendsPerMinute,
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
        cardCallbackType: config.dingtalk.mode === 'stream' ? 'STREAM' : 'HTTP',
        baseUrl: config.dingtalk.baseUrl,
        oapiBaseUrl: config.dingtalk.oapiBaseUrl,
        logger: runtime.logger,
        now: runtime.now,
        ...transport,
      })
    : null;
  const messenger = observedMessenger(
    routeMessengers({
      console: consoleMessenger(mailboxOf(runtime.store), runtime.now),
      ...(feishu ? { feishu } : {}),
      ...(dingtalk ? { dingtalk } : {}),
    }),
    runtime.logger,
    runtime.metrics?.channel,
  );
  const platformClients = { ...(feishu ? { feishu } : {}), ...(dingtalk ? { dingtalk } : {}) };
  // The model is called like any other service out: through the proxy where one applies (NO_PROXY
  // lists an on-premises address reached directly).
  const model = config.model
    ? createModelReading({
        ...config.model,
        now: runtime.now,
        ...(runtime.fetch ? { fetch: runtime.fetch } : {}),
      })
    : null;
  const bot: BotDeps = {
    store: runtime.store,
    now: runtime.now,
    messenger,
    // Each platform client is both the directory of its accounts and the source of files sent to it.
    directories: platformClients,
    files: platformClients,
    ...(runtime.documents ? { documents: runtime.documents } : {}),
    ...(runtime.defer ? { defer: runtime.defer } : {}),
    ...(model ? { intentFallback: model } : {}),
    ...(runtime.parseWorkbook ? { parseWorkbook: runtime.parseWorkbook } : {}),
  };
  return {
    messenger,
    feishu,
    dingtalk,
    bot,
    model,
    reminders: { ...DEFAULT_REMINDER_SETTINGS, sendAt: config.reminderSendAt },
    receipts: {
      console: consoleReceipts(mailboxOf(runtime.store), runtime.now),
      ...platformClients,
    },
    escalation: config.escalation,
    refusals: refusalLog(runtime.logger),
  };
}

export function sweeper(
  channels: Channels,
  runtime: Pick<Runtime, 'store' | 'worker'> & Partial<Pick<Runtime, 'logger' | 'metrics'>>,
): (now: Date) => Promise<SweepResult> {
  return async (now) =>
    runDueReminders(
      {
        store: runtime.store,
        messenger: channels.messenger,
        worker: runtime.worker,
        calendar: await loadWorkCalendar(runtime.store),
        settings: channels.reminders,
        // DingTalk robot messages go 20 people a call; Feishu one per person (its receipts need that).
        batchers: channels.dingtalk
          ? {
              dingtalk: observedBatchMessenger(
                channels.dingtalk,
                'dingtalk',
                runtime.logger ?? silentLogger,
                runtime.metrics?.channel,
              ),
            }
          : {},
        receipts: channels.receipts,
        escalation: channels.escalation,
        refusals: channels.refusals,
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

/** What every way in (webhook, long connection, stream) hands a platform's events to: chat messages and
 *  card presses alike are claimed once, a message kept with its claim for the inbox. */
export function platformDeps(runtime: Runtime, channels: Channels, inbox: Inbox) {
  return {
    claim: (key: string, message?: PendingMessage) => claimEvent(runtime.store, key, runtime.now(), message),
    received: (key: string) => inbox.received(key),
    dispatch: (event: InboundEvent) => dispatch(event, channels.bot),
    messenger: channels.messenger,
    defer: runtime.defer,
    logger: runtime.logger,
    ...(runtime.metrics ? { metrics: runtime.metrics.channel } : {}),
    errorToast: say('bot.errorToast'),
    workingToast: say('bot.workingToast'),
  };
}

/** Feishu's part of the handling, the same over the webhook and the long connection: a card pressed
 *  is updated later by its delayed-update token when its answer came too late. */
export function feishuDeps(config: FeishuConfig, client: FeishuClient | null) {
  return {
    ...(config.botOpenId ? { botOpenId: config.botOpenId } : {}),
    ...(client ? { updateCard: (token: string, card: Card) => client.updateCard(token, card) } : {}),
  };
}

/** DingTalk's part: a card pressed is replaced through the Open API when its answer came too late. */
export function dingtalkDeps(client: DingtalkClient) {
  return { updateCard: (outTrackId: string, card: Card) => client.updateCard(outTrackId, card) };
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
    modelReading: () => channels.model?.status() ?? { enabled: false },
    ...(runtime.connections ? { connections: runtime.connections } : {}),
  });
  const { metrics } = runtime;
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.body(await metrics.text(), 200, { 'content-type': metrics.contentType }),
    );
  }
  const common = platformDeps(runtime, channels, inbox);
  if (config.feishu?.mode === 'webhook' && config.feishu.verificationToken) {
    app.route(
      '/',
      feishuWebhook({
        ...common,
        ...feishuDeps(config.feishu, channels.feishu),
        via: 'webhook',
        ...(config.feishu.encryptKey ? { encryptKey: config.feishu.encryptKey } : {}),
        verificationToken: config.feishu.verificationToken,
        now: runtime.now,
      }),
    );
  }
  if (config.dingtalk?.mode === 'http' && channels.dingtalk) {
    app.route(
      '/',
      dingtalkWebhook({
        ...common,
        ...dingtalkDeps(channels.dingtalk),
        via: 'http',
        appSecret: config.dingtalk.appSecret,
        ...(config.dingtalk.cardCallbackToken
          ? { cardCallbackToken: config.dingtalk.cardCallbackToken }
          : {}),
        now: runtime.now,
        useSignature: (signature, messageId) =>
          useSignature(runtime.store, signature, messageId, runtime.now()),
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
