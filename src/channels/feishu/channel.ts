// Feishu as the runtime sees it (contract.ts): its client, its webhook or its long connection, and the
// delayed update that shows a card pressed whose answer came too late (token valid 30 min).
import { say } from '../../prompts.ts';
import { liveConnection, type PlatformChannel, type PlatformHandling, socketOptions } from '../contract.ts';
import { createFeishuClient, type FeishuClient } from './client.ts';
import type { HandleDeps } from './handle.ts';
import { startFeishuLongConnection } from './long-connection.ts';
import { feishuWebhook } from './route.ts';
import { FEISHU_ENV, type FeishuSettings, readFeishuSettings } from './settings.ts';

/** Feishu's part of the handling, the same over the webhook and the long connection. */
function handlingOf(
  settings: FeishuSettings,
  handling: PlatformHandling,
  via: string,
): HandleDeps & PlatformHandling {
  return { ...handling, ...(settings.botOpenId ? { botOpenId: settings.botOpenId } : {}), via };
}

export const feishuChannel: PlatformChannel<FeishuSettings, FeishuClient> = {
  platform: 'feishu',
  env: FEISHU_ENV,
  readSettings: readFeishuSettings,
  createClient: (settings, context) =>
    createFeishuClient({
      appId: settings.appId,
      appSecret: settings.appSecret,
      domain: settings.domain,
      perAppPerMinute: settings.sendsPerMinute,
      ...context,
    }),
  // FEISHU_BOT_OPEN_ID need not be set by hand: without it the bot asks Feishu once (GET bot/v3/info).
  // Until it knows, any @ in a group counts as an @ of the bot, so a failure only warns.
  async settle(settings, client, logger) {
    if (settings.botOpenId) return settings;
    try {
      const botOpenId = await client.botOpenId();
      logger.info({ botOpenId }, 'feishu bot open_id fetched');
      return { ...settings, botOpenId };
    } catch (error) {
      logger.warn({ err: error }, 'feishu bot open_id unknown; any @ in a group counts as an @ of the bot');
      return settings;
    }
  },
  // No batcher: read_users and urgent_app refuse a batch message's id, so each person gets their own.
  lateUpdate: (client) => (token, card) => client.updateCard(token, card),
  connectsOut: (settings) => settings.mode === 'long-connection',
  describe: (settings) =>
    say(settings.mode === 'long-connection' ? 'start.feishuLongConnection' : 'start.feishuWebhook'),
  webhook(settings, handling) {
    if (!settings.verificationToken) return null;
    return feishuWebhook({
      ...handlingOf(settings, handling, 'webhook'),
      ...(settings.encryptKey ? { encryptKey: settings.encryptKey } : {}),
      verificationToken: settings.verificationToken,
    });
  },
  connect(settings, handling, options) {
    return liveConnection({ platform: 'feishu', mode: 'long-connection' }, options, (status) =>
      startFeishuLongConnection({
        ...socketOptions(options),
        appId: settings.appId,
        appSecret: settings.appSecret,
        domain: settings.domain,
        deps: handlingOf(settings, handling, 'long-connection'),
        ...(settings.encryptKey ? { encryptKey: settings.encryptKey } : {}),
        status,
      }),
    );
  },
};
