// Feishu's long connection (长连接, the SDK's WSClient protocol): POST <domain>/callback/ws/endpoint
// {AppID, AppSecret} answers the WebSocket URL and the client settings; events and card callbacks come
// as data frames, each answered with the same frame carrying {code, data: base64(answer)} — a card's
// answer (toast, new card) goes back that way. The payload is the event as the webhook gets it after
// decryption, so it takes the same parse, de-duplication, inbox and dispatch (handle.ts). Pings are
// protocol frames at the interval the platform sets; its pongs carry new settings.
// Node only: the WebSocket (ws) is the Node entry's to give; a Worker refuses this mode at start.
import type { Agent } from 'node:http';
import { z } from 'zod';
import { type Backoff, DEFAULT_BACKOFF } from '../connection/backoff.ts';
import {
  FatalEndpointError,
  type Link,
  type SocketLoop,
  startSocketLoop,
  type WebSocketClass,
} from '../connection/socket-loop.ts';
import type { ConnectionStatus } from '../connection/status.ts';
import type { JsonTransport } from '../json-transport.ts';
import type { ChannelLogger } from '../logger.ts';
import { messageIntake } from '../message-intake.ts';
import { decryptFeishuPayload } from './decrypt.ts';
import { createFragments } from './fragments.ts';
import { decodeFrame, encodeFrame, FRAME_CONTROL, FRAME_DATA, type Frame, headerOf } from './frame.ts';
import { type HandleDeps, handleFeishuPayload } from './handle.ts';
import { WS_ENDPOINT_PATH } from './open-api.ts';

/** The endpoint's answer codes the SDK knows (ws-client/enum.ts): busy and internal errors pass. */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([1, 1000040343]);

const ClientConfigSchema = z.object({
  PingInterval: z.number().positive().optional(),
  ReconnectCount: z.number().optional(),
  ReconnectInterval: z.number().optional(),
  ReconnectNonce: z.number().optional(),
});

const EndpointAnswerSchema = z.object({
  code: z.number(),
  msg: z.string().optional(),
  data: z.object({ URL: z.string().min(1), ClientConfig: ClientConfigSchema.optional() }).nullish(),
});

export interface FeishuLongConnectionOptions {
  appId: string;
  appSecret: string;
  /** The Open API's base, e.g. https://open.feishu.cn (a private deployment's own). */
  domain: string;
  transport: JsonTransport;
  /** The WebSocket client (ws), given by the Node entry. */
  WebSocket: WebSocketClass;
  /** The same handling the webhook gives a trusted payload. */
  deps: HandleDeps;
  /** Only for a payload that arrives encrypted (an app with an Encrypt Key set). */
  encryptKey?: string;
  agentFor?: (url: string) => Agent | undefined;
  status: ConnectionStatus;
  logger: ChannelLogger;
  /** No frame this long after a ping: the connection is replaced (default 10 s). */
  pongTimeoutMs?: number;
  backoff?: Backoff;
}

export function startFeishuLongConnection(options: FeishuLongConnectionOptions): SocketLoop {
  const { logger, deps, status } = options;
  const intake = messageIntake(deps, 'feishu');
  const fragments = createFragments(Date.now);
  // The SDK's defaults until the platform says otherwise (endpoint and pongs).
  let pingIntervalMs = 120_000;
  let serviceId = 0;

  const applyConfig = (config: z.infer<typeof ClientConfigSchema> | undefined) => {
    if (config?.PingInterval) pingIntervalMs = config.PingInterval * 1000;
  };

  async function endpoint(): Promise<string> {
    const answer = await options.transport({
      method: 'POST',
      url: `${options.domain}${WS_ENDPOINT_PATH}`,
      headers: { 'content-type': 'application/json; charset=utf-8', locale: 'zh' },
      body: JSON.stringify({ AppID: options.appId, AppSecret: options.appSecret }),
      timeoutMs: 15_000,
    });
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new Error(`endpoint answered HTTP ${answer.status}, not JSON`);
    }
    const parsed = EndpointAnswerSchema.safeParse(body);
    if (!parsed.success) throw new Error(`endpoint answered HTTP ${answer.status} without a URL`);
    const { code, msg, data } = parsed.data;
    if (code !== 0 || !data) {
      const message = `endpoint code ${code} ${msg ?? ''}`.trim();
      throw RETRYABLE_CODES.has(code) ? new Error(message) : new FatalEndpointError(message);
    }
    serviceId = Number(new URL(data.URL).searchParams.get('service_id') ?? 0);
    applyConfig(data.ClientConfig);
    return data.URL;
  }

  function ping(link: Link): void {
    link.send(
      encodeFrame({
        SeqID: 0,
        LogID: 0,
        service: serviceId,
        method: FRAME_CONTROL,
        headers: [{ key: 'type', value: 'ping' }],
      }),
    );
  }

  function onControl(frame: Frame): void {
    if (headerOf(frame, 'type') !== 'pong' || !frame.payload) return;
    try {
      const config = ClientConfigSchema.safeParse(JSON.parse(Buffer.from(frame.payload).toString('utf8')));
      if (config.success) applyConfig(config.data);
    } catch {
      logger.warn({ connection: 'feishu' }, 'feishu pong payload is not JSON');
    }
  }

  async function onData(frame: Frame, link: Link): Promise<void> {
    const type = headerOf(frame, 'type');
    if (type !== 'event' && type !== 'card') return;
    const messageId = headerOf(frame, 'message_id') ?? '';
    const whole = fragments.add(
      messageId,
      Number(headerOf(frame, 'sum') ?? 1),
      Number(headerOf(frame, 'seq') ?? 0),
      frame.payload ?? new Uint8Array(),
    );
    if (!whole) return;
    status.event();
    const started = Date.now();
    const answer = await answerPayload(whole);
    link.send(
      encodeFrame({
        ...frame,
        headers: [...frame.headers, { key: 'biz_rt', value: String(Date.now() - started) }],
        payload: Buffer.from(JSON.stringify(answer), 'utf8'),
      }),
    );
  }

  /** {code: 200} and the answer for the platform, or {code: 500} so it delivers the event again. */
  async function answerPayload(bytes: Uint8Array): Promise<{ code: number; data?: string }> {
    try {
      let payload: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
      const encrypted = (payload as { encrypt?: unknown } | null)?.encrypt;
      if (typeof encrypted === 'string') {
        const decrypted = options.encryptKey
          ? decryptFeishuPayload(encrypted, options.encryptKey)
          : undefined;
        if (!decrypted?.ok) {
          logger.warn({ connection: 'feishu' }, 'feishu event undecryptable (FEISHU_ENCRYPT_KEY?)');
          return { code: 200 };
        }
        payload = decrypted.value;
      }
      const result = await handleFeishuPayload(payload, deps, intake);
      if (result.status === 503) return { code: 500 };
      const body = result.body as Record<string, unknown>;
      return Object.keys(body).length > 0 && result.status === 200
        ? { code: 200, data: Buffer.from(JSON.stringify(body), 'utf8').toString('base64') }
        : { code: 200 };
    } catch (error) {
      logger.error({ connection: 'feishu', err: error }, 'feishu long connection event failed');
      return { code: 500 };
    }
  }

  return startSocketLoop({
    name: 'feishu',
    WebSocket: options.WebSocket,
    endpoint,
    ...(options.agentFor ? { agentFor: options.agentFor } : {}),
    onFrame(data, link) {
      const frame = decodeFrame(data);
      if (frame.method === FRAME_CONTROL) onControl(frame);
      else if (frame.method === FRAME_DATA)
        onData(frame, link).catch((error: unknown) =>
          logger.warn({ connection: 'feishu', err: error }, 'feishu frame dropped'),
        );
    },
    ping,
    pingIntervalMs: () => pingIntervalMs,
    pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    status,
    logger,
  });
}
