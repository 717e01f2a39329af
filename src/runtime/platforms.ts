// Every chat platform the bot can serve, each with the part of the configuration that turns it on.
// compose.ts, connections.ts, the Worker and the start banner iterate this list; a new platform is its
// folder under channels/ (channel.ts implementing channels/contract.ts) and one line here.
import {
  type ClientContext,
  type OpenChannel,
  openChannel,
  type PlatformChannel,
  type PlatformClient,
} from '../channels/contract.ts';
import { dingtalkChannel } from '../channels/dingtalk/channel.ts';
import { feishuChannel } from '../channels/feishu/channel.ts';
import type { Config } from './config.ts';

/** A platform bound to where its settings are in the configuration (null: not configured). */
export interface PlatformEntry {
  readonly platform: string;
  /** Its client made, when the configuration turns it on. */
  open(config: Config, context: ClientContext): OpenChannel | null;
  /** Configured to connect out (which a Worker cannot do). */
  connectsOut(config: Config): boolean;
  /** How it reaches the bot, for the start banner; null when not configured. */
  describe(config: Config): string | null;
}

export function platform<Settings, Client extends PlatformClient>(
  channel: PlatformChannel<Settings, Client>,
  settingsOf: (config: Config) => Settings | null,
): PlatformEntry {
  return {
    platform: channel.platform,
    open(config, context) {
      const settings = settingsOf(config);
      return settings ? openChannel(channel, settings, context) : null;
    },
    connectsOut(config) {
      const settings = settingsOf(config);
      return settings ? channel.connectsOut(settings) : false;
    },
    describe(config) {
      const settings = settingsOf(config);
      return settings ? channel.describe(settings) : null;
    },
  };
}

/** In the order the start banner names them. */
export const PLATFORMS: readonly PlatformEntry[] = [
  platform(feishuChannel, (config) => config.feishu),
  platform(dingtalkChannel, (config) => config.dingtalk),
];
