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
import type { ChatPlatform, Handling, PlatformClient } from '../channels/contract.ts';
import { silentLogger } from '../channels/logger.ts';
import { observedBatchMessenger, observedMessenger } from '../channels/observed-messenger.ts';
import { answerMessage } from '../conversation/deliver.ts';
import { routeMessengers } from '../conversation/messengers.ts';
import type { InboundEvent, PendingMessage } from '../conversation/model.ts';
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
import type { Config } from './config.ts';
import { consoleDeps } from './console-deps.ts';
import type { Channels, Logger, Runtime } from './runtime-types.ts';

const NODE_MIGRATE_COMMAND = 'npm run -s cli -- migrate';

export type { Channels, Logger, Runtime } from './runtime-types.ts';

/** The bot and the platforms the configuration turns on, each from its entry in `platforms`. */
export function composeChannels(
  config: Config,
  runtime: Pick<Runtime, 'store' | 'now' | 'logger'> &
    Partial<Pick<Runtime, 'defer' | 'documents' | 'transport' | 'fetch' | 'metrics' | 'parseWorkbook'>>,
): Channels {
  const context = {
    logger: runtime.logger,
    now: runtime.now,
    ...(runtime.transport ? { transport: runtime.transport } : {}),
    ...(runtime.fetch ? { fetch: runtime.fetch } : {}),
    ...(runtime.metrics ? { metrics: runtime.metrics.channel } : {}),
  };
  const opened = config.platforms.map((configured) => configured.open(context));
  // Each platform client is the messenger, the directory of its accounts and the source of files sent to it.
  const platformClients: Partial<Record<ChatPlatform, PlatformClient>> = Object.fromEntries(
    opened.map((channel) => [channel.platform, channel.client]),
  );
  const messenger = observedMessenger(
    routeMessengers({
      console: consoleMessenger(mailboxOf(runtime.store), runtime.now),
      ...platformClients,
    }),
    runtime.logger,
    runtime.metrics?.channel,
  );
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
    directories: platformClients,
    files: platformClients,
    ...(runtime.documents ? { documents: runtime.documents } : {}),
    ...(runtime.defer ? { defer: runtime.defer } : {}),
    ...(model ? { intentFallback: model } : {}),
    ...(runtime.parseWorkbook ? { parseWorkbook: runtime.parseWorkbook } : {}),
  };
  return {
    messenger,
    platforms: opened,
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
        // Where a platform sends to many in one call (DingTalk robot messages, 20 a call).
        batchers: Object.fromEntries(
          channels.platforms.flatMap(({ platform, batcher }) =>
            batcher
              ? [
                  [
                    platform,
                    observedBatchMessenger(
                      batcher,
                      platform,
                      runtime.logger ?? silentLogger,
                      runtime.metrics?.channel,
                    ),
                  ],
                ]
              : [],
          ),
        ),
        receipts: channels.receipts,
        escalation: channels.escalation,
        refusals: channels.refusals,
      },
      now,
    );
}

/** What each platform asks of its platform once before serving (Feishu: the bot's own open_id). */
export async function settleChannels(channels: Channels, logger: Logger): Promise<void> {
  for (const channel of channels.platforms) await channel.settle(logger);
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
export function platformHandling(runtime: Runtime, channels: Channels, inbox: Inbox): Handling {
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
    now: runtime.now,
    useSignature: (signature, messageId) => useSignature(runtime.store, signature, messageId, runtime.now()),
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
    modelReading: () => channels.model?.status() ?? { enabled: false },
    ...(runtime.connections ? { connections: runtime.connections } : {}),
  });
  const { metrics } = runtime;
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.body(await metrics.text(), 200, { 'content-type': metrics.contentType }),
    );
  }
  const handling = platformHandling(runtime, channels, inbox);
  for (const channel of channels.platforms) {
    const routes = channel.webhook(handling);
    if (routes) app.route('/', routes);
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
