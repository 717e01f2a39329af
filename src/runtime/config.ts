// Configuration from the environment, validated once at start-up. Only runtime entries call this.
import { z } from 'zod';
import { parseMoment } from '../domain/clock.ts';
import { say } from '../prompts.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/bangfu.db'),
  DOCUMENTS_DIR: z.string().min(1).default('./data/documents'),
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
  DINGTALK_APP_KEY: z.string().min(4).optional(),
  DINGTALK_APP_SECRET: z.string().min(8).optional(),
  DINGTALK_ROBOT_CODE: z.string().min(4).optional(),
  DINGTALK_CARD_TEMPLATE_ID: z.string().min(4).optional(),
  DINGTALK_CARD_CALLBACK_TOKEN: z.string().min(16).optional(),
  DINGTALK_CARD_CALLBACK_ROUTE_KEY: z.string().min(1).max(64).optional(),
  DINGTALK_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://oapi.dingtalk.com'),
  REMINDER_SEND_AT: z
    .string()
    .regex(/^(0[89]|1[0-7]):[0-5]\d$/)
    .default('09:00'),
  CONSOLE_ENABLED: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  CONSOLE_PASSWORD: z.string().min(8).max(200).optional(),
  DEMO_NOW: z
    .string()
    .transform((text, ctx) => {
      const at = parseMoment(text);
      if (at) return at;
      ctx.addIssue({ code: 'custom', message: 'not a moment' });
      return z.NEVER;
    })
    .optional(),
});

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  encryptKey: string;
  verificationToken: string;
  domain: string;
  botOpenId?: string;
}

/** The local console and dashboard (GET /console, /dashboard). */
export interface DingtalkConfig {
  appKey: string;
  appSecret: string;
  robotCode: string;
  /** The generic card template built once in 卡片平台 (src/channels/dingtalk/TEMPLATE.md); without it cards fall back to markdown. */
  cardTemplateId: string | null;
  /** The secret path token of the HTTP card callback (POST /webhooks/dingtalk/card/<token>). */
  cardCallbackToken: string | null;
  /** The callbackRouteKey registered with the callback URL; cards name it so their callbacks come here. */
  cardCallbackRouteKey: string | null;
  baseUrl: string;
  oapiBaseUrl: string;
}

export interface ConsoleConfig {
  enabled: boolean;
  /** HTTP Basic password; required when a chat platform is configured. */
  password: string | null;
  /** Demo mode — console on and no chat platform: the demo clock exists and can be moved. */
  demo: boolean;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Node: the directory received files are kept in (DOCUMENTS_DIR); Workers use R2 instead. */
  documentsDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Absent when no Feishu credentials are set: the Feishu route is then not mounted. */
  /** Local time (Asia/Shanghai) reminders start going out each workday, within 08:30–18:00. */
  reminderSendAt: string;
  feishu: FeishuConfig | null;
  /** Absent when no DingTalk credentials are set: the DingTalk routes are then not mounted. */
  dingtalk: DingtalkConfig | null;
  console: ConsoleConfig;
  /** Where the demo clock starts (DEMO_NOW or `--now`); only in demo mode. */
  demoNow: Date | null;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

const FEISHU_KEYS = [
  'FEISHU_APP_ID',
  'FEISHU_APP_SECRET',
  'FEISHU_ENCRYPT_KEY',
  'FEISHU_VERIFICATION_TOKEN',
] as const;

const DINGTALK_KEYS = ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_ROBOT_CODE'] as const;

export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      // The value itself is never repeated: several of these variables are secrets.
      errors: parsed.error.issues.map((i) =>
        say('config.invalid', {
          name: String(i.path[0] ?? ''),
          reason: issueReason(i),
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
  const dingtalkGiven = DINGTALK_KEYS.filter((k) => e[k] !== undefined);
  if (dingtalkGiven.length > 0 && dingtalkGiven.length < DINGTALK_KEYS.length) {
    return {
      ok: false,
      errors: DINGTALK_KEYS.filter((k) => e[k] === undefined).map((name) =>
        say('config.dingtalkIncomplete', { name }),
      ),
    };
  }
  // Cards with buttons call back; DingTalk documents no signature for that callback, so the secret URL
  // token is what authenticates it (src/channels/dingtalk/TEMPLATE.md) and a template needs one.
  if (e.DINGTALK_CARD_TEMPLATE_ID && !e.DINGTALK_CARD_CALLBACK_TOKEN) {
    return { ok: false, errors: [say('config.dingtalkCardTokenRequired')] };
  }
  const dingtalk =
    e.DINGTALK_APP_KEY && e.DINGTALK_APP_SECRET && e.DINGTALK_ROBOT_CODE
      ? {
          appKey: e.DINGTALK_APP_KEY,
          appSecret: e.DINGTALK_APP_SECRET,
          robotCode: e.DINGTALK_ROBOT_CODE,
          cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID ?? null,
          cardCallbackToken: e.DINGTALK_CARD_CALLBACK_TOKEN ?? null,
          cardCallbackRouteKey: e.DINGTALK_CARD_CALLBACK_ROUTE_KEY ?? null,
          baseUrl: e.DINGTALK_BASE_URL.replace(/\/$/, ''),
          oapiBaseUrl: e.DINGTALK_OAPI_BASE_URL.replace(/\/$/, ''),
        }
      : null;
  const platform = feishu !== null || dingtalk !== null;
  const enabled =
    e.CONSOLE_ENABLED === undefined ? !platform : ['true', '1', 'yes'].includes(e.CONSOLE_ENABLED);
  const password = e.CONSOLE_PASSWORD ?? null;
  const demo = enabled && !platform;
  // Demo mode serves the console without a password: it listens on this machine only, unless told.
  const host = e.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0');
  const errors = [
    ...(enabled && platform && password === null ? [say('config.consolePasswordRequired')] : []),
    ...(enabled && !platform && password === null && !isLoopback(host)
      ? [say('config.consoleOpenWithoutPassword')]
      : []),
    ...(e.DEMO_NOW !== undefined && !demo ? [say('config.demoNowProduction')] : []),
  ];
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host,
      databaseUrl: e.DATABASE_URL,
      documentsDir: e.DOCUMENTS_DIR,
      logLevel: e.LOG_LEVEL,
      reminderSendAt: e.REMINDER_SEND_AT < '08:30' ? '08:30' : e.REMINDER_SEND_AT,
      feishu,
      dingtalk,
      console: { enabled, password, demo },
      demoNow: e.DEMO_NOW ?? null,
    },
  };
}

/** Addresses only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** What is wrong with a value, told without the value (nor its length): which rule it breaks. */
function issueReason(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'number'
        ? say('config.reason.number')
        : say('config.reason.tooShort', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'number'
        ? say('config.reason.number')
        : say('config.reason.tooLong', { max: Number(issue.maximum) });
    case 'invalid_value':
      return say('config.reason.choice');
    case 'invalid_type':
      return say('config.reason.number');
    default:
      return say('config.reason.format');
  }
}
