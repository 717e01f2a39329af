// Configuration from the environment, validated once at start-up. Only runtime entries call this.
import { z } from 'zod';
import { parseMoment } from '../domain/clock.ts';
import { say, sayIn } from '../prompts.ts';
import type { EscalationSettings, EscalationStep } from '../reminders/escalation.ts';
import { type ConfiguredPlatform, PLATFORMS } from './platforms.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const CoreEnv = {
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/bangfu.db'),
  DOCUMENTS_DIR: z.string().min(1).default('./data/documents'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HTTPS_PROXY: z.url({ protocol: /^https?$/ }).optional(),
  HTTP_PROXY: z.url({ protocol: /^https?$/ }).optional(),
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
};

// Each platform's own variables are declared with its channel (channels/<platform>/settings.ts).
const PlatformEnv: z.ZodRawShape = Object.assign({}, ...PLATFORMS.map((entry) => entry.env));
const EnvSchema = z.object(CoreEnv);

/** The optional model reading (an on-premises OpenAI-compatible chat-completions service). */
export interface ModelConfig {
  baseUrl: string;
  model: string;
  /** Null for a service that asks none (Ollama, a vLLM without --api-key). */
  apiKey: string | null;
  timeoutMs: number;
  concurrency: number;
}

/** The local console and dashboard (GET /console, /dashboard). */
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
  /** Local time (Asia/Shanghai) reminders start going out each workday, within 08:30–18:00. */
  reminderSendAt: string;
  /** The bureau's escalation ladder (ESCALATION_AFTER_WORKDAYS, ESCALATION_STEPS); off by default. */
  escalation: EscalationSettings;
  /** The chat platforms whose credentials are set, in the list's order; none is demo mode. */
  platforms: readonly ConfiguredPlatform[];
  console: ConsoleConfig;
  /** Absent unless LLM_BASE_URL and LLM_MODEL are set: messages the rules do not read stay unread. */
  model: ModelConfig | null;
  /** The outbound proxy (HTTPS_PROXY, else HTTP_PROXY), without credentials, for the start banner. */
  proxy: string | null;
  /** Where the demo clock starts (DEMO_NOW or `--now`); only in demo mode. */
  demoNow: Date | null;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const platformEnv = z.object(PlatformEnv).safeParse(cleaned);
  if (!parsed.success || !platformEnv.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(platformEnv.error?.issues ?? [])];
    return {
      ok: false,
      // The value itself is never repeated: several of these variables are secrets.
      errors: issues.map((i) =>
        say('config.invalid', {
          name: String(i.path[0] ?? ''),
          reason: issueReason(i),
          hint: sayIn('config.hint', String(i.path[0])),
        }),
      ),
    };
  }
  const e = parsed.data;
  const platforms: ConfiguredPlatform[] = [];
  for (const entry of PLATFORMS) {
    const read = entry.read(platformEnv.data);
    if (!read.ok) return read;
    if (read.configured) platforms.push(read.configured);
  }
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
  const platform = platforms.length > 0;
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
      platforms,
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
