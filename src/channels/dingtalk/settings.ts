// DingTalk's part of the configuration: the DINGTALK_* variables it reads and what they must hold. The
// runtime (runtime/config.ts) validates them with the rest and asks this file what they mean.
import { z } from 'zod';
import { say } from '../../prompts.ts';
import type { SettingsRead } from '../contract.ts';

export interface DingtalkSettings {
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

export const DINGTALK_ENV = {
  DINGTALK_MODE: z.enum(['http', 'stream']).default('http'),
  DINGTALK_APP_KEY: z.string().min(4).optional(),
  DINGTALK_APP_SECRET: z.string().min(8).optional(),
  DINGTALK_ROBOT_CODE: z.string().min(4).optional(),
  DINGTALK_CARD_TEMPLATE_ID: z.string().min(4).optional(),
  DINGTALK_CARD_CALLBACK_TOKEN: z.string().min(16).optional(),
  DINGTALK_CARD_CALLBACK_ROUTE_KEY: z.string().min(1).max(64).optional(),
  DINGTALK_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://oapi.dingtalk.com'),
};

const KEYS = ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_ROBOT_CODE'] as const;

/** Off when none of the credentials is set; an error naming each one missing when only some are. */
export function readDingtalkSettings(env: Record<string, unknown>): SettingsRead<DingtalkSettings> {
  const e = z.object(DINGTALK_ENV).parse(env);
  if (!KEYS.some((k) => e[k] !== undefined)) return { ok: true, settings: null };
  if (!e.DINGTALK_APP_KEY || !e.DINGTALK_APP_SECRET || !e.DINGTALK_ROBOT_CODE) {
    const missing = KEYS.filter((k) => e[k] === undefined);
    return { ok: false, errors: missing.map((name) => say('config.dingtalkIncomplete', { name })) };
  }
  // Cards with buttons call back. Over HTTP DingTalk documents no signature for that callback, so the
  // secret URL token is what authenticates it (TEMPLATE.md), and cards reach the registered URL only by
  // its route key: a template needs both. Over the stream neither is needed.
  if (e.DINGTALK_CARD_TEMPLATE_ID && e.DINGTALK_MODE === 'http') {
    const errors = [
      ...(e.DINGTALK_CARD_CALLBACK_TOKEN ? [] : [say('config.dingtalkCardTokenRequired')]),
      ...(e.DINGTALK_CARD_CALLBACK_ROUTE_KEY ? [] : [say('config.dingtalkRouteKeyRequired')]),
    ];
    if (errors.length > 0) return { ok: false, errors };
  }
  return {
    ok: true,
    settings: {
      mode: e.DINGTALK_MODE,
      appKey: e.DINGTALK_APP_KEY,
      appSecret: e.DINGTALK_APP_SECRET,
      robotCode: e.DINGTALK_ROBOT_CODE,
      cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID ?? null,
      cardCallbackToken: e.DINGTALK_CARD_CALLBACK_TOKEN ?? null,
      cardCallbackRouteKey: e.DINGTALK_CARD_CALLBACK_ROUTE_KEY ?? null,
      baseUrl: e.DINGTALK_BASE_URL.replace(/\/$/, ''),
      oapiBaseUrl: e.DINGTALK_OAPI_BASE_URL.replace(/\/$/, ''),
    },
  };
}
