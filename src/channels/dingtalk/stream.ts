// DingTalk's Stream mode (DD developerpedia docs/learn/stream/protocol.md; the official dingtalk-stream
// client): POST <baseUrl>/v1.0/gateway/connections/open {clientId, clientSecret, subscriptions} answers
// {endpoint, ticket}; the WebSocket to `endpoint?ticket=` carries JSON frames {type, headers, data}.
// Robot messages (CALLBACK /v1.0/im/bot/messages/get) carry the HTTP callback's body as `data`, and
// cards created with callbackType STREAM send their presses here (CALLBACK /v1.0/card/instances/callback)
// — so the same parse, de-duplication, inbox and dispatch (handle.ts) serve both ways in. Every frame
// is answered {code, headers: {messageId, contentType}, message, data}; a card press's answer is
// {response: <card update>}, which updates the card. SYSTEM `ping` is echoed; SYSTEM `disconnect`
// means the gateway will close in 10 s, so the client moves to a new connection at once.
// The official client is not used: it reads its gateway from a constant (no 专属钉钉), takes no proxy
// for its WebSocket and pings only when asked. Node only: the WebSocket (ws)
// is the Node entry's to give; a Worker refuses this mode at start.
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
import { type HandleDeps, type HandleResult, handleCardCallback, handleRobotMessage } from './handle.ts';
import { GATEWAY_PATH, TOPIC_CARD, TOPIC_ROBOT } from './stream-protocol.ts';

const DownstreamSchema = z.object({
  type: z.string(),
  headers: z.looseObject({ topic: z.string().optional(), messageId: z.string().optional() }),
  data: z.string().optional(),
});
type Downstream = z.infer<typeof DownstreamSchema>;

const EndpointSchema = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });

export interface DingtalkStreamOptions {
  appKey: string;
  appSecret: string;
  /** The new API's base, https://api.dingtalk.com (a 专属钉钉 installation's own). */
  baseUrl: string;
  transport: JsonTransport;
  /** The WebSocket client (ws), given by the Node entry. */
  WebSocket: WebSocketClass;
  /** The same handling the HTTP callbacks give a verified payload. */
  deps: HandleDeps;
  agentFor?: (url: string) => Agent | undefined;
  status: ConnectionStatus;
  logger: ChannelLogger;
  /** Sent in `ua` (the gateway's logs). */
  userAgent?: string;
  /** WebSocket pings every this long (default 20 s) … */
  pingIntervalMs?: number;
  /** … and a connection silent this long after one is replaced (default 10 s). */
  pongTimeoutMs?: number;
  backoff?: Backoff;
}

export function startDingtalkStream(options: DingtalkStreamOptions): SocketLoop {
  const { logger, deps, status } = options;
  const intake = messageIntake(deps, 'dingtalk');

  async function endpoint(): Promise<string> {
    const answer = await options.transport({
      method: 'POST',
      url: `${options.baseUrl}${GATEWAY_PATH}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: options.appKey,
        clientSecret: options.appSecret,
        ua: options.userAgent ?? 'bangfu-bot',
        subscriptions: [
          { type: 'CALLBACK', topic: TOPIC_ROBOT },
          { type: 'CALLBACK', topic: TOPIC_CARD },
        ],
      }),
      timeoutMs: 15_000,
    });
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new Error(`gateway answered HTTP ${answer.status}, not JSON`);
    }
    const parsed = EndpointSchema.safeParse(body);
    if (answer.status >= 400 || !parsed.success) {
      const code = (body as { code?: unknown } | null)?.code;
      const message = `gateway answered HTTP ${answer.status} ${typeof code === 'string' ? code : ''}`.trim();
      // A wrong key or secret is a 4xx; a gateway in trouble a 5xx.
      throw answer.status >= 400 && answer.status < 500 && answer.status !== 429
        ? new FatalEndpointError(message)
        : new Error(message);
    }
    return `${parsed.data.endpoint}?ticket=${encodeURIComponent(parsed.data.ticket)}`;
  }

  function reply(link: Link, frame: Downstream, code: number, data: unknown): void {
    link.send(
      JSON.stringify({
        code,
        headers: { contentType: 'application/json', messageId: frame.headers.messageId ?? '' },
        message: code === 200 ? 'OK' : 'internal error',
        data: JSON.stringify(data),
      }),
    );
  }

  async function onCallback(frame: Downstream, link: Link): Promise<void> {
    const topic = frame.headers.topic;
    if (topic !== TOPIC_ROBOT && topic !== TOPIC_CARD) {
      reply(link, frame, 404, { response: null });
      return;
    }
    status.event();
    let result: HandleResult;
    try {
      const payload: unknown = JSON.parse(frame.data ?? '');
      result =
        topic === TOPIC_ROBOT
          ? await handleRobotMessage(payload, deps, intake)
          : await handleCardCallback(payload, deps);
    } catch (error) {
      logger.error({ connection: 'dingtalk', err: error, topic }, 'dingtalk stream callback failed');
      reply(link, frame, 500, { response: null });
      return;
    }
    if (result.status === 503) reply(link, frame, 500, { response: null });
    else if (topic === TOPIC_CARD && result.status === 200)
      reply(link, frame, 200, { response: result.body });
    else reply(link, frame, 200, { response: null });
  }

  function onFrame(data: Buffer, link: Link): void {
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      logger.warn({ connection: 'dingtalk' }, 'dingtalk stream frame is not JSON');
      return;
    }
    const parsed = DownstreamSchema.safeParse(json);
    if (!parsed.success) {
      logger.warn({ connection: 'dingtalk' }, 'dingtalk stream frame has no type or headers');
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'SYSTEM') {
      if (frame.headers.topic === 'ping') {
        link.send(JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data }));
      } else if (frame.headers.topic === 'disconnect') {
        link.replace('the gateway asked to reconnect');
      }
      return;
    }
    if (frame.type === 'CALLBACK') {
      void onCallback(frame, link);
      return;
    }
    // No EVENT topic is subscribed; one that comes anyway is acknowledged so it is not pushed again.
    reply(link, frame, 200, { status: 'SUCCESS', message: 'OK' });
  }

  return startSocketLoop({
    name: 'dingtalk',
    WebSocket: options.WebSocket,
    endpoint,
    ...(options.agentFor ? { agentFor: options.agentFor } : {}),
    onFrame,
    pingIntervalMs: () => options.pingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    status,
    logger,
  });
}
