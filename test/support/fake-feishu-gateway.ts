// Feishu's long-connection gateway on 127.0.0.1, written from the protocol as the official SDK speaks
// it (ws-client: POST /callback/ws/endpoint → {code, data: {URL, ClientConfig}}; pbbp2 frames; a ping
// control frame answered by a pong carrying ClientConfig; an event as a data frame answered by the same
// frame whose payload is {code, data: base64(answer)}). The real SDK's WSClient talks to it in
// long-connection.test.ts, which is what keeps it honest.
//
// Delivery is at least once, as the platform's: an event not yet answered is sent again on the next
// connection. Tests can drop the connection, or make it silent (half-open: the gateway stops reading,
// so neither pongs nor answers come back).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  decodeFrame,
  encodeFrame,
  FRAME_CONTROL,
  FRAME_DATA,
  headerOf,
} from '../../src/channels/feishu/frame.ts';
import { WS_ENDPOINT_PATH } from '../../src/channels/feishu/open-api.ts';
import type { FakeFeishu } from './fake-feishu.ts';

export interface GatewayAnswer {
  /** The `code` of the answer's payload (200 handled, 500 failed). */
  code: number;
  /** The answer the app returned (base64 `data` decoded), if any. */
  body?: unknown;
}

export interface FakeFeishuGateway {
  /** Connections accepted so far. */
  connections(): number;
  /** Pings received so far. */
  pings(): number;
  /** Events sent so far, each delivery counted (a resend on a new connection too). */
  deliveries(): number;
  /** Sends an event (or card callback) and resolves with the app's answer, however many connections
   *  that takes. `parts` > 1 splits the payload into that many frames. */
  push(payload: unknown, options?: { parts?: number }): Promise<GatewayAnswer>;
  /** Resolves once `n` connections have been accepted in all. */
  waitForConnections(n: number): Promise<void>;
  /** Destroys the current connection's socket, as a network failure would. */
  drop(): void;
  /** The current connection stops reading: nothing the app sends is answered any more. */
  silence(): void;
  /** The connection is dropped as soon as the next answer reaches it (the rest are lost with it). */
  dropOnNextAnswer(): void;
  /** The close codes of the connections the client closed (1000: a clean goodbye). */
  closes(): number[];
  close(): Promise<void>;
}

export const PING_INTERVAL_SECONDS = 1;
const SERVICE_ID = 33554678;

export async function startFakeFeishuGateway(
  fake: FakeFeishu,
  options: { pingIntervalSeconds?: number /** The host name the endpoint gives out. */; host?: string } = {},
): Promise<FakeFeishuGateway> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, path: '/ws' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clientConfig = {
    PingInterval: options.pingIntervalSeconds ?? PING_INTERVAL_SECONDS,
    ReconnectCount: -1,
    ReconnectInterval: 1,
    ReconnectNonce: 0,
  };
  let connections = 0;
  let pings = 0;
  let deliveries = 0;
  let dropNext = false;
  let current: WebSocket | undefined;
  let seq = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  /** Events sent and not yet answered, by message_id, with their frames. */
  const unanswered = new Map<string, { frames: Uint8Array[]; resolve: (answer: GatewayAnswer) => void }>();

  fake.serve(WS_ENDPOINT_PATH, (req) => {
    const { AppID, AppSecret } = (req.body ?? {}) as { AppID?: string; AppSecret?: string };
    if (AppID !== fake.appId || AppSecret !== fake.appSecret)
      return { status: 200, body: { code: 514, msg: 'auth failed', data: null } };
    return {
      status: 200,
      body: {
        code: 0,
        msg: 'ok',
        data: {
          URL: `ws://${options.host ?? '127.0.0.1'}:${port}/ws?device_id=dev_${connections + 1}&service_id=${SERVICE_ID}`,
          ClientConfig: clientConfig,
        },
      },
    };
  });

  const closes: number[] = [];
  wss.on('connection', (socket) => {
    connections += 1;
    socket.on('close', (code) => closes.push(code));
    current = socket;
    for (const w of waiting.splice(0)) {
      if (connections >= w.n) w.resolve();
      else waiting.push(w);
    }
    socket.on('message', (data: Buffer) => {
      // What was still buffered when the connection was dropped is lost with it.
      if (socket.readyState !== WebSocket.OPEN) return;
      const frame = decodeFrame(data);
      if (frame.method === FRAME_CONTROL && headerOf(frame, 'type') === 'ping') {
        pings += 1;
        socket.send(
          encodeFrame({
            ...frame,
            headers: [{ key: 'type', value: 'pong' }],
            payload: Buffer.from(JSON.stringify(clientConfig)),
          }),
        );
        return;
      }
      if (frame.method !== FRAME_DATA) return;
      const id = headerOf(frame, 'message_id') ?? '';
      const pending = unanswered.get(id);
      if (!pending) return;
      unanswered.delete(id);
      const answer = JSON.parse(Buffer.from(frame.payload ?? new Uint8Array()).toString('utf8')) as {
        code: number;
        data?: string;
      };
      pending.resolve({
        code: answer.code,
        ...(answer.data ? { body: JSON.parse(Buffer.from(answer.data, 'base64').toString('utf8')) } : {}),
      });
      if (dropNext) {
        dropNext = false;
        socket.terminate();
      }
    });
    // At least once: whatever is still unanswered goes out again on the new connection.
    for (const pending of unanswered.values()) {
      deliveries += 1;
      for (const f of pending.frames) socket.send(f);
    }
  });

  return {
    connections: () => connections,
    closes: () => closes,
    pings: () => pings,
    deliveries: () => deliveries,
    push(payload, { parts = 1 } = {}) {
      seq += 1;
      const messageId = `msg_${seq}`;
      const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
      const size = Math.ceil(bytes.length / parts);
      const frames = Array.from({ length: parts }, (_, i) =>
        encodeFrame({
          SeqID: seq,
          LogID: seq,
          service: SERVICE_ID,
          method: FRAME_DATA,
          headers: [
            { key: 'type', value: 'event' },
            { key: 'message_id', value: messageId },
            { key: 'sum', value: String(parts) },
            { key: 'seq', value: String(i) },
            { key: 'trace_id', value: `trace_${seq}` },
          ],
          payload: bytes.subarray(i * size, (i + 1) * size),
        }),
      );
      return new Promise<GatewayAnswer>((resolve) => {
        unanswered.set(messageId, { frames, resolve });
        if (current?.readyState !== WebSocket.OPEN) return;
        deliveries += 1;
        for (const f of frames) current.send(f);
      });
    },
    waitForConnections(n) {
      return connections >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }));
    },
    drop() {
      current?.terminate();
    },
    silence() {
      // ws answers WebSocket pings itself; a paused socket answers nothing, as a dead peer.
      (current as unknown as { _socket?: { pause(): void } } | undefined)?._socket?.pause();
      current = undefined;
    },
    dropOnNextAnswer() {
      dropNext = true;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
