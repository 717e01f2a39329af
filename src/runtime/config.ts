// Configuration from the environment, validated once at start-up. Only runtime entries call this.
import { z } from 'zod';
import { say } from '../prompts.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).default('file:./data/bangfu.db'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  FEISHU_APP_ID: z
    .string()
    .regex(/^cli_\w+$/)
    .optional(),
  FEISHU_APP_SECRET: z.string().min(8).optional(),
  FEISHU_ENCRYPT_KEY: z.string().min(1).optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).optional(),
  FEISHU_DOMAIN: z.url({ protocol: /^https?$/ }).default('https://open.feishu.cn'),
  FEISHU_BOT_OPEN_ID: z.string().startsWith('ou_').optional(),
});

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  encryptKey: string;
  verificationToken: string;
  domain: string;
  botOpenId?: string;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Absent when no Feishu credentials are set: the Feishu route is then not mounted. */
  feishu: FeishuConfig | null;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

const FEISHU_KEYS = [
  'FEISHU_APP_ID',
  'FEISHU_APP_SECRET',
  'FEISHU_ENCRYPT_KEY',
  'FEISHU_VERIFICATION_TOKEN',
] as const;

export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) =>
        say('config.invalid', {
          name: String(i.path[0] ?? ''),
          got: String(cleaned[String(i.path[0])] ?? '').slice(0, 40),
          hint: say(`config.hint.${String(i.path[0])}`),
        }),
      ),
    };
  }
  const e = parsed.data;
  const given = FEISHU_KEYS.filter((k) => e[k] !== undefined);
  if (given.length > 0 && given.length < FEISHU_KEYS.length) {
    return {
      ok: false,
      errors: FEISHU_KEYS.filter((k) => e[k] === undefined).map((name) =>
        say('config.feishuIncomplete', { name }),
      ),
    };
  }
  const feishu =
    e.FEISHU_APP_ID && e.FEISHU_APP_SECRET && e.FEISHU_ENCRYPT_KEY && e.FEISHU_VERIFICATION_TOKEN
      ? {
          appId: e.FEISHU_APP_ID,
          appSecret: e.FEISHU_APP_SECRET,
          encryptKey: e.FEISHU_ENCRYPT_KEY,
          verificationToken: e.FEISHU_VERIFICATION_TOKEN,
          domain: e.FEISHU_DOMAIN.replace(/\/$/, ''),
          botOpenId: e.FEISHU_BOT_OPEN_ID,
        }
      : null;
  return {
    ok: true,
    config: { port: e.PORT, host: e.HOST, databaseUrl: e.DATABASE_URL, logLevel: e.LOG_LEVEL, feishu },
  };
}
