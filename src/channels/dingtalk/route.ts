// POST /webhooks/dingtalk (robot messages) and POST /webhooks/dingtalk/card (card callbacks) as a Hono
// sub-app: read the raw body once, check the headers or the URL token, parse, hand on. Never answers
// 500: rejections are small `{error}` 4xx bodies; an unexpected failure is a 503 for a message (so it
// may come again) and an error toast for a card.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readHeader } from '../kit/headers.ts';
import { type RejectCode as AnyRejectCode, rejecter } from '../kit/rejection.ts';
import { messageIntake } from '../message-intake.ts';
import { type HandleDeps, handleCardCallback, handleRobotMessage } from './handle.ts';
import { renderCallbackResponse } from './render.ts';
import { verifyCardCallback, verifyDingtalkRequest } from './verify.ts';

export const DINGTALK_WEBHOOK_PATH = '/webhooks/dingtalk';
export const DINGTALK_CARD_PATH = '/webhooks/dingtalk/card';
const MAX_BODY_BYTES = 1024 * 1024;

/** The reasons DingTalk's requests are refused for (kit/rejection.ts has their statuses). */
export type RejectCode = Extract<
  AnyRejectCode,
  'payload_too_large' | 'invalid_json' | 'unsigned' | 'bad_signature' | 'stale'
>;

export interface DingtalkWebhookDeps extends HandleDeps {
  /** The app's AppSecret: it signs the robot's requests. */
  appSecret: string;
  /** The secret token in the card callback URL registered with card/callbacks/register. */
  cardCallbackToken?: string;
  now(): Date;
  maxSkewMs?: number;
  maxBodyBytes?: number;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The pair DingTalk signs a request with, as one key. */
function signatureOf(headers: Headers): string {
  return `${readHeader(headers, 'timestamp')?.trim() ?? ''}:${readHeader(headers, 'sign')?.trim() ?? ''}`;
}

export function dingtalkWebhook(deps: DingtalkWebhookDeps): Hono {
  const app = new Hono();
  const intake = messageIntake(deps, 'dingtalk');
  const reject: (code: RejectCode) => Response = rejecter('dingtalk', deps);
  const limit = () =>
    bodyLimit({ maxSize: deps.maxBodyBytes ?? MAX_BODY_BYTES, onError: () => reject('payload_too_large') });
  const skew = deps.maxSkewMs !== undefined ? { maxSkewMs: deps.maxSkewMs } : {};

  app.post(DINGTALK_WEBHOOK_PATH, limit(), async (c) => {
    try {
      const verified = verifyDingtalkRequest({
        headers: c.req.raw.headers,
        appSecret: deps.appSecret,
        now: deps.now(),
        ...skew,
      });
      if (!verified.ok) return reject(verified.reason);
      const json = parseJson(await c.req.text());
      if (!json.ok) return reject('invalid_json');
      const result = await handleRobotMessage(json.value, deps, intake, signatureOf(c.req.raw.headers));
      return c.json(result.body, result.status);
    } catch (error) {
      deps.logger.error({ err: error }, 'dingtalk webhook failed');
      return c.json({ error: 'unavailable' }, 503);
    }
  });

  const card = async (c: Context, urlToken: string | undefined) => {
    try {
      const verified = verifyCardCallback({
        headers: c.req.raw.headers,
        appSecret: deps.appSecret,
        now: deps.now(),
        urlToken,
        callbackToken: deps.cardCallbackToken,
        ...skew,
      });
      if (!verified.ok) return reject(verified.reason);
      const json = parseJson(await c.req.text());
      if (!json.ok) return reject('invalid_json');
      // Authenticated by the URL token, a callback has no signature to be replayed.
      const signed = deps.cardCallbackToken ? null : signatureOf(c.req.raw.headers);
      const result = await handleCardCallback(json.value, deps, signed);
      return c.json(result.body, result.status);
    } catch (error) {
      deps.logger.error({ err: error }, 'dingtalk card callback failed');
      return c.json(renderCallbackResponse({ toast: { tone: 'danger', text: deps.errorToast } }), 200);
    }
  };
  app.post(DINGTALK_CARD_PATH, limit(), (c) => card(c, c.req.query('token')));
  app.post(`${DINGTALK_CARD_PATH}/:token`, limit(), (c) => card(c, c.req.param('token')));
  return app;
}
