// Configuration from the environment, validated once at start-up. Only runtime entries call this.
import { z } from 'zod';
import { parseMoment } from '../domain/clock.ts';
import { say, sayIn } from '../prompts.ts';
import type { EscalationSettings, EscalationStep } from '../reminders/escalation.ts';

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
  FEISHU_MODE: z.enum(['webhook', 'long-connection']).default('webhook'),
  FEISHU_SENDS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(1000),
  DINGTALK_MODE: z.enum(['http', 'stream']).default('http'),
  HTTPS_PROXY: z.url({ protocol: /^https?$/ }).optional(),
  HTTP_PROXY: z.url({ protocol: /^https?$/ }).optional(),
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
  // The escalation ladder: off unless a number of workdays is set; then the steps named, in order.
  ESCALATION_AFTER_WORKDAYS: z.coerce.number().int().min(1).max(30).optional(),
  ESCALATION_STEPS: z
    .string()
    .regex(/^(county|lead)(,(county|lead))?$/)
    .default('county,lead'),
  CONSOLE_ENABLED: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  CONSOLE_PASSWORD: z.string().min(8).max(200).optional(),
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_API_KEY: z.string().min(1).max(500).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(30_000).default(6000),
  LLM_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
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

/** The local console and dashboard (GET /console, /dashboard). */
export interface DingtalkConfig {
  /** http: DingTalk posts to /webhooks/dingtalk (a public URL); stream: the bot connects out. */
  mode: 'http' | 'stream';
  appKey: string;
  appSecret: string;
  robotCode: string;
  /** The generic card template built once in 卡片平台 (src/channels/dingtalk/TEMPLATE.md); without it cards fall back to markdown. */
  cardTemplateId: string | null;
  /** The secret path token of the HTTP card callback (POST /webhooks/dingtalk/card/<token>). */
  cardCallbackToken: string | null;
  /** The callbackRouteKey registered with the callback URL; cards name it so their callbacks come here
   *  (http mode; in stream mode card callbacks come over the stream). */
  cardCallbackRouteKey: string | null;
  baseUrl: string;
  oapiBaseUrl: string;
}

/** The optional model reading (an on-premises OpenAI-compatible chat-completions service). */
export interface ModelConfig {
  baseUrl: string;
  model: string;
  /** Null for a service that asks none (Ollama, a vLLM without --api-key). */
  apiKey: string | null;
  timeoutMs: number;
  concurrency: number;
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
  /** The bureau's escalation ladder (ESCALATION_AFTER_WORKDAYS, ESCALATION_STEPS); off by default. */
  escalation: EscalationSettings;
  feishu: FeishuConfig | null;
  /** Absent when no DingTalk credentials are set: the DingTalk routes are then not mounted. */
  dingtalk: DingtalkConfig | null;
  console: ConsoleConfig;
  /** Absent unless LLM_BASE_URL and LLM_MODEL are set: messages the rules do not read stay unread. */
  model: ModelConfig | null;
  /** The outbound proxy (HTTPS_PROXY, else HTTP_PROXY), without credentials, for the start banner. */
  proxy: string | null;
  /** Where the demo clock starts (DEMO_NOW or `--now`); only in demo mode. */
  demoNow: Date | null;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

const FEISHU_WEBHOOK_KEYS = [
  'FEISHU_APP_ID',
  'FEISHU_APP_SECRET',
  'FEISHU_ENCRYPT_KEY',
  'FEISHU_VERIFICATION_TOKEN',
] as const;
/** Over the long connection Feishu neither signs nor (usually) encrypts: the app's credentials suffice. */
const FEISHU_LONG_CONNECTION_KEYS = ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'] as const;

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
          hint: sayIn('config.hint', String(i.path[0])),
        }),
      ),
    };
  }
  const e = parsed.data;
  const longConnection = e.FEISHU_MODE === 'long-connection';
  const feishuKeys = longConnection ? FEISHU_LONG_CONNECTION_KEYS : FEISHU_WEBHOOK_KEYS;
  const given = FEISHU_WEBHOOK_KEYS.filter((k) => e[k] !== undefined);
  const missing = feishuKeys.filter((k) => e[k] === undefined);
  if (given.length > 0 && missing.length > 0) {
    return {
      ok: false,
      errors: missing.map((name) =>
        say(longConnection ? 'config.feishuLongConnectionIncomplete' : 'config.feishuIncomplete', { name }),
      ),
    };
  }
  const feishu =
    e.FEISHU_APP_ID && e.FEISHU_APP_SECRET && missing.length === 0
      ? {
          mode: e.FEISHU_MODE,
          appId: e.FEISHU_APP_ID,
          appSecret: e.FEISHU_APP_SECRET,
          encryptKey: e.FEISHU_ENCRYPT_KEY ?? null,
          verificationToken: e.FEISHU_VERIFICATION_TOKEN ?? null,
          domain: e.FEISHU_DOMAIN.replace(/\/$/, ''),
          botOpenId: e.FEISHU_BOT_OPEN_ID,
          sendsPerMinute: e.FEISHU_SENDS_PER_MINUTE,
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
  // Cards with buttons call back. Over HTTP DingTalk documents no signature for that callback, so the
  // secret URL token is what authenticates it (src/channels/dingtalk/TEMPLATE.md), and cards reach the
  // registered URL only by its route key: a template needs both. Over the stream neither is needed.
  if (e.DINGTALK_CARD_TEMPLATE_ID && e.DINGTALK_MODE === 'http') {
    const errors = [
      ...(e.DINGTALK_CARD_CALLBACK_TOKEN ? [] : [say('config.dingtalkCardTokenRequired')]),
      ...(e.DINGTALK_CARD_CALLBACK_ROUTE_KEY ? [] : [say('config.dingtalkRouteKeyRequired')]),
    ];
    if (errors.length > 0) return { ok: false, errors };
  }
  const dingtalk =
    e.DINGTALK_APP_KEY && e.DINGTALK_APP_SECRET && e.DINGTALK_ROBOT_CODE
      ? {
          mode: e.DINGTALK_MODE,
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
  if (e.LLM_BASE_URL && !e.LLM_MODEL) return { ok: false, errors: [say('config.llmIncomplete')] };
  const llmWithoutBase = (['LLM_MODEL', 'LLM_API_KEY'] as const).find((k) => e[k] && !e.LLM_BASE_URL);
  if (llmWithoutBase) return { ok: false, errors: [say('config.llmWithoutBase', { name: llmWithoutBase })] };
  const model =
    e.LLM_BASE_URL && e.LLM_MODEL
      ? {
          baseUrl: e.LLM_BASE_URL.replace(/\/$/, ''),
          model: e.LLM_MODEL,
          apiKey: e.LLM_API_KEY ?? null,
          timeoutMs: e.LLM_TIMEOUT_MS,
          concurrency: e.LLM_CONCURRENCY,
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
      escalation: {
        afterWorkdays: e.ESCALATION_AFTER_WORKDAYS ?? null,
        steps: [...new Set(e.ESCALATION_STEPS.split(','))] as EscalationStep[],
      },
      feishu,
      dingtalk,
      console: { enabled, password, demo },
      model,
      proxy: withoutCredentials(e.HTTPS_PROXY ?? e.HTTP_PROXY),
      demoNow: e.DEMO_NOW ?? null,
    },
  };
}

/** A proxy URL fit for a log line: its user and password left out. */
function withoutCredentials(url: string | undefined): string | null {
  if (!url) return null;
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
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
