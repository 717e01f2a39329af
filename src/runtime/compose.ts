// Wires the same app for every runtime: the bot over the store, the channels the configuration turns
// on, the HTTP routes, and the reminder sweep. Runtime entries only add their driver, clock and timers.
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { BotDeps } from '../bot/deps.ts';
import { dispatch } from '../bot/dispatch.ts';
import { routeMessengers } from '../bot/messengers.ts';
import type { Messenger } from '../bot/model.ts';
import { createFeishuClient, type FeishuClient, feishuWebhook } from '../channels/feishu/index.ts';
import { isWorkday } from '../domain/workdays.ts';
import { createApp } from '../http/app.ts';
import { say } from '../prompts.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders, type SweepResult } from '../reminders/sweep.ts';
import { consoleMessenger } from '../store/console-inbox.ts';
import { claimEvent } from '../store/events-repo.ts';
import type { Store } from '../store/store.ts';
import type { Config } from './config.ts';

export interface Runtime {
  store: Store;
  now(): Date;
  logger: Logger;
  /** Keeps work alive after a response (Workers waitUntil; a tracked promise on Node). */
  defer(work: Promise<unknown>): void;
  /** Names this process in outbox claims. */
  worker: string;
  version: string;
}

export interface Channels {
  messenger: Messenger;
  feishu: FeishuClient | null;
  bot: BotDeps;
}

export function composeChannels(
  config: Config,
  runtime: Pick<Runtime, 'store' | 'now' | 'logger'>,
): Channels {
  const feishu = config.feishu
    ? createFeishuClient({
        appId: config.feishu.appId,
        appSecret: config.feishu.appSecret,
        domain: config.feishu.domain,
        logger: runtime.logger,
        now: runtime.now,
      })
    : null;
  const messenger = routeMessengers({
    console: consoleMessenger(runtime.store, runtime.now),
    ...(feishu ? { feishu } : {}),
  });
  const bot: BotDeps = {
    store: runtime.store,
    now: runtime.now,
    messenger,
    directories: feishu ? { feishu } : {},
  };
  return { messenger, feishu, bot };
}

export function sweeper(
  channels: Channels,
  runtime: Pick<Runtime, 'store' | 'worker'>,
): (now: Date) => Promise<SweepResult> {
  return (now) =>
    runDueReminders(
      {
        store: runtime.store,
        messenger: channels.messenger,
        worker: runtime.worker,
        isWorkday,
        settings: DEFAULT_REMINDER_SETTINGS,
      },
      now,
    );
}

export function composeApp(config: Config, runtime: Runtime, channels: Channels): Hono {
  const app = createApp({ store: runtime.store, now: runtime.now, version: runtime.version });
  if (config.feishu) {
    app.route(
      '/',
      feishuWebhook({
        encryptKey: config.feishu.encryptKey,
        verificationToken: config.feishu.verificationToken,
        ...(config.feishu.botOpenId ? { botOpenId: config.feishu.botOpenId } : {}),
        now: runtime.now,
        dispatch: (event) => dispatch(event, channels.bot),
        claim: (key) => claimEvent(runtime.store, key, runtime.now()),
        messenger: channels.messenger,
        defer: runtime.defer,
        logger: runtime.logger,
        errorToast: say('bot.errorToast'),
      }),
    );
  }
  return app;
}
