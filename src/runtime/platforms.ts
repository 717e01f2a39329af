// Every chat platform the bot can serve. The configuration (config.ts), compose.ts, connections.ts, the
// Worker and the start banner iterate this list; a new platform is its folder under channels/
// (channel.ts implementing channels/contract.ts, settings.ts reading its variables) and one line here.
import type { z } from 'zod';
import {
  type ChatPlatform,
  type ClientContext,
  type OpenChannel,
  openChannel,
  type PlatformChannel,
  type PlatformClient,
} from '../channels/contract.ts';
import { dingtalkChannel } from '../channels/dingtalk/channel.ts';
import { feishuChannel } from '../channels/feishu/channel.ts';

/** A platform the configuration turns on, its settings bound. */
export interface ConfiguredPlatform {
  readonly platform: ChatPlatform;
  /** Its settings as read, to be looked at (tests); the runtime goes through the rest. */
  readonly settings: unknown;
  /** Configured to connect out (which a Worker cannot do). */
  readonly connectsOut: boolean;
  /** How it reaches the bot, for the start banner. */
  readonly described: string;
  /** Its client made. */
  open(context: ClientContext): OpenChannel;
}

export type PlatformRead =
  | { ok: true; configured: ConfiguredPlatform | null }
  | { ok: false; errors: string[] };

/** A platform as the configuration reads it. */
export interface PlatformEntry {
  readonly platform: ChatPlatform;
  readonly env: z.ZodRawShape;
  read(env: Record<string, unknown>): PlatformRead;
}

export function platform<Settings, Client extends PlatformClient>(
  channel: PlatformChannel<Settings, Client>,
): PlatformEntry {
  return {
    platform: channel.platform,
    env: channel.env,
    read(env) {
      const read = channel.readSettings(env);
      if (!read.ok) return read;
      const settings = read.settings;
      if (settings === null) return { ok: true, configured: null };
      return {
        ok: true,
        configured: {
          platform: channel.platform,
          settings,
          connectsOut: channel.connectsOut(settings),
          described: channel.describe(settings),
          open: (context) => openChannel(channel, settings, context),
        },
      };
    },
  };
}

/** In the order the start banner names them. */
export const PLATFORMS: readonly PlatformEntry[] = [platform(feishuChannel), platform(dingtalkChannel)];
