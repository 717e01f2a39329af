// POST /webhooks/feishu as a Hono sub-app: read the raw body once, authenticate, hand the payload on.
// Never answers 500: rejections are small `{error}` 4xx bodies; an unexpected failure is a 503.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { rejecter } from '../kit/rejection.ts';
import { messageIntake } from '../message-intake.ts';
import { authenticateFeishuRequest } from './authenticate.ts';
import { type HandleDeps, handleFeishuPayload } from './handle.ts';

export const FEISHU_WEBHOOK_PATH = '/webhooks/feishu';
const MAX_BODY_BYTES = 1024 * 1024;

export interface FeishuWebhookDeps extends HandleDeps {
  /** Without it Feishu neither encrypts nor signs; the Verification Token is then the only check. */
  encryptKey?: string;
  verificationToken: string;
  now(): Date;
  maxBodyBytes?: number;
  maxSkewSeconds?: number;
}

export function feishuWebhook(deps: FeishuWebhookDeps): Hono {
  const app = new Hono();
  const intake = messageIntake(deps, 'feishu');
  const reject = rejecter('feishu', deps);
  const maxSize = deps.maxBodyBytes ?? MAX_BODY_BYTES;
  const streamingLimit = bodyLimit({ maxSize, onError: () => reject('payload_too_large') });
  app.post(
    FEISHU_WEBHOOK_PATH,
    // A declared length is checked from the header (Node's parser holds the body to it). Only a body
    // without one goes through Hono's bodyLimit, which counts a stream: asking for the body as a stream
    // makes @hono/node-server build a web Request and stream for every request, the slow path.
    (c, next) => {
      const length = c.req.header('content-length');
      if (
        length === undefined ||
        !/^\d{1,15}$/.test(length) ||
        c.req.header('transfer-encoding') !== undefined
      )
        return streamingLimit(c, next);
      return Number(length) > maxSize ? Promise.resolve(reject('payload_too_large')) : next();
    },
    async (c) => {
      try {
        const auth = authenticateFeishuRequest({
          rawBody: await c.req.text(),
          headers: c.req.raw.headers,
          ...(deps.encryptKey ? { encryptKey: deps.encryptKey } : {}),
          verificationToken: deps.verificationToken,
          now: deps.now(),
          ...(deps.maxSkewSeconds !== undefined ? { maxSkewSeconds: deps.maxSkewSeconds } : {}),
        });
        if (auth.kind === 'reject') return reject(auth.code);
        if (auth.kind === 'challenge') return c.json({ challenge: auth.challenge });
        const result = await handleFeishuPayload(auth.payload, deps, intake);
        return c.json(result.body, result.status);
      } catch (error) {
        deps.logger.error({ err: error }, 'feishu webhook failed');
        return c.json({ error: 'unavailable' }, 503);
      }
    },
  );
  return app;
}
