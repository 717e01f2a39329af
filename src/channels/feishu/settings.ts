// Feishu's part of the configuration: the FEISHU_* variables it reads and what they must hold. The
// runtime (runtime/config.ts) validates them with the rest and asks this file what they mean.
import { z } from 'zod';
import { say } from '../../prompts.ts';
import type { SettingsRead } from '../contract.ts';

export interface FeishuSettings {
  /** webhook: Feishu posts to /webhooks/feishu (a public URL); long-connection: the bot connects out. */
  mode: 'webhook' | 'long-connection';
  appId: string;
  appSecret: string;
  /** Required for the webhook; over the long connection only used if events arrive encrypted. */
  encryptKey: string | null;
  verificationToken: string | null;
  domain: string;
  botOpenId?: string;
  /** Messages a minute for the whole app (Feishu's documented 1,000; a private deployment may differ). */
  sendsPerMinute: number;
}

export const FEISHU_ENV = {
  FEISHU_APP_ID: z
    .string()
    .regex(/^cli_\w+$/)
    .optional(),
  FEISHU_APP_SECRET: z.string().min(8).optional(),
  FEISHU_ENCRYPT_KEY: z.string().min(1).optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).optional(),
  FEISHU_DOMAIN: z.url({ protocol: /^https?$/ }).default('https://open.feishu.cn'),
  FEISHU_BOT_OPEN_ID: z.string().startsWith('ou_').optional(),
  FEISHU_MODE: z.enum(['webhook', 'long-connection']).default('webhook'),
  FEISHU_SENDS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(1000),
};

const WEBHOOK_KEYS = [
  'FEISHU_APP_ID',
  'FEISHU_APP_SECRET',
  'FEISHU_ENCRYPT_KEY',
  'FEISHU_VERIFICATION_TOKEN',
] as const;
/** Over the long connection Feishu neither signs nor (usually) encrypts: the app's credentials suffice. */
const LONG_CONNECTION_KEYS = ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'] as const;

/** Off when none of the credentials is set; an error naming each one missing when only some are. */
export function readFeishuSettings(env: Record<string, unknown>): SettingsRead<FeishuSettings> {
  const e = z.object(FEISHU_ENV).parse(env);
  const longConnection = e.FEISHU_MODE === 'long-connection';
  const needed = longConnection ? LONG_CONNECTION_KEYS : WEBHOOK_KEYS;
  const given = WEBHOOK_KEYS.filter((k) => e[k] !== undefined);
  const missing = needed.filter((k) => e[k] === undefined);
  if (given.length === 0) return { ok: true, settings: null };
  if (missing.length > 0 || !e.FEISHU_APP_ID || !e.FEISHU_APP_SECRET) {
    const key = longConnection ? 'config.feishuLongConnectionIncomplete' : 'config.feishuIncomplete';
    return { ok: false, errors: missing.map((name) => say(key, { name })) };
  }
  return {
    ok: true,
    settings: {
      mode: e.FEISHU_MODE,
      appId: e.FEISHU_APP_ID,
      appSecret: e.FEISHU_APP_SECRET,
      encryptKey: e.FEISHU_ENCRYPT_KEY ?? null,
      verificationToken: e.FEISHU_VERIFICATION_TOKEN ?? null,
      domain: e.FEISHU_DOMAIN.replace(/\/$/, ''),
      ...(e.FEISHU_BOT_OPEN_ID ? { botOpenId: e.FEISHU_BOT_OPEN_ID } : {}),
      sendsPerMinute: e.FEISHU_SENDS_PER_MINUTE,
    },
  };
}
