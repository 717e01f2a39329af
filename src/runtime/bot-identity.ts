// FEISHU_BOT_OPEN_ID need not be set by hand: without it the bot asks Feishu once at start (GET
// bot/v3/info). Until it knows, any @ in a group counts as an @ of the bot, so a failure only warns.
import type { FeishuClient } from '../channels/feishu/client.ts';
import type { Logger } from './compose.ts';
import type { Config } from './config.ts';

export async function withBotOpenId(
  config: Config,
  feishu: FeishuClient | null,
  logger: Logger,
): Promise<Config> {
  if (!config.feishu || config.feishu.botOpenId || !feishu) return config;
  try {
    const botOpenId = await feishu.botOpenId();
    logger.info({ botOpenId }, 'feishu bot open_id fetched');
    return { ...config, feishu: { ...config.feishu, botOpenId } };
  } catch (error) {
    logger.warn({ err: error }, 'feishu bot open_id unknown; any @ in a group counts as an @ of the bot');
    return config;
  }
}
