// DingTalk's Stream gateway on 127.0.0.1, written from the protocol (DD developerpedia
// docs/learn/stream/protocol.md; the official dingtalk-stream client): POST /v1.0/gateway/connections/open
// {clientId, clientSecret, subscriptions} → {endpoint, ticket}; a ticket opens one connection; frames
// {specVersion, type, headers: {topic, messageId, contentType, time}, data: <JSON string>} answered by
// {code, headers: {messageId, contentType}, message, data}; SYSTEM ping echoed with its data; SYSTEM
// disconnect, then the gateway closes the connection.
//
// A frame not yet answered is pushed again on the next connection. DingTalk says robot messages are
// fire-and-forget and only events are pushed again, but that duplicates remain possible: pushing again
// is the harsher case, which the de-duplication must survive.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { GATEWAY_PATH } from '../../src/channels/dingtalk/stream-protocol.ts';
import type { FakeDingtalk } from './fake-dingtalk.ts';

export interface StreamAnswer {
  code: number;
  /** The answer's `data`, parsed. */
  data: unknown;
}

export interface FakeDingtalkStream {
  connections(): number;
  /** Frames pushed so far, each delivery counted. */
  deliveries(): number;
  /** What the last open call subscribed to. */
  subscriptions(): unknown;
  /** Pushes a CALLBACK frame on `topic` with `data` (JSON-encoded) and resolves with its answer. */
  push(topic: string, data: unknown): Promise<StreamAnswer>;
  /** Sends a SYSTEM ping and resolves with the echoed answer. */
  ping(opaque: string): Promise<StreamAnswer>;
  /** Sends SYSTEM disconnect; the connection is closed `afterMs` later (DingTalk: 10 s). */
  disconnect(afterMs: number): void;
  waitForConnections(n: number): Promise<void>;
  dropOnNextAnswer(): void;
  /** The current connection stops reading (half-open). */
  silence(): void;
  /** The close codes of the connections the client closed (1000: a clean goodbye). */
  closes(): number[];
  close(): Promise<void>;
}

export async function startFakeDingtalkStream(
  fake: FakeDingtalk,
  options: { /** The host name the open call gives out. */ host?: string } = {},
): Promise<FakeDingtalkStream> {
  const server: Server = createServer();
  const tickets = new Set<string>();
  const wss = new WebSocketServer({
    server,
    path: '/connect',
    // A ticket opens one connection (and the real one expires after 90 s).
    verifyClient: ({ req }: { req: { url?: string } }) => {
      const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
      return tickets.delete(ticket);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let connections = 0;
  let deliveries = 0;
  let subscriptions: unknown;
  let dropNext = false;
  let current: WebSocket | undefined;
  let seq = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  const unanswered = new Map<string, { frame: string; resolve: (answer: StreamAnswer) => void }>();

  fake.serve(GATEWAY_PATH, (req) => {
    const body = (req.body ?? {}) as { clientId?: string; clientSecret?: string; subscriptions?: unknown };
    if (body.clientId !== fake.appKey || body.clientSecret !== fake.appSecret)
      return { status: 401, body: { code: 'InvalidAuthentication', message: 'clientId or secret invalid' } };
    subscriptions = body.subscriptions;
    const ticket = randomUUID();
    tickets.add(ticket);
    return { status: 200, body: { endpoint: `ws://${options.host ?? '127.0.0.1'}:${port}/connect`, ticket } };
  });

  const send = (socket: WebSocket, id: string, frame: string) => {
    deliveries += 1;
    socket.send(frame);
    return id;
  };

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
      if (socket.readyState !== WebSocket.OPEN) return;
      const answer = JSON.parse(data.toString('utf8')) as {
        code: number;
        headers?: { messageId?: string };
        data?: string;
      };
      const id = answer.headers?.messageId ?? '';
      const pending = unanswered.get(id);
      if (!pending) return;
      unanswered.delete(id);
      pending.resolve({ code: answer.code, data: answer.data ? (JSON.parse(answer.data) as unknown) : null });
      if (dropNext) {
        dropNext = false;
        socket.terminate();
      }
    });
    for (const [id, pending] of unanswered) send(socket, id, pending.frame);
  });

  function frame(type: string, topic: string, data: unknown) {
    seq += 1;
    const messageId = `fake_${seq}_${Date.now().toString(16)}`;
    const text = JSON.stringify({
      specVersion: '1.0',
      type,
      headers: {
        appId: 'fake-app-id',
        connectionId: `conn_${connections}`,
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        topic,
      },
      data: JSON.stringify(data),
    });
    return { messageId, text };
  }

  function deliver(type: string, topic: string, data: unknown): Promise<StreamAnswer> {
    const { messageId, text } = frame(type, topic, data);
    return new Promise((resolve) => {
      unanswered.set(messageId, { frame: text, resolve });
      if (current?.readyState === WebSocket.OPEN) send(current, messageId, text);
    });
  }

  return {
    connections: () => connections,
    closes: () => closes,
    deliveries: () => deliveries,
    subscriptions: () => subscriptions,
    push: (topic, data) => deliver('CALLBACK', topic, data),
    ping: (opaque) => deliver('SYSTEM', 'ping', { opaque }),
    disconnect(afterMs) {
      const socket = current;
      if (!socket) return;
      socket.send(frame('SYSTEM', 'disconnect', { reason: 'connection is expired' }).text);
      setTimeout(() => socket.terminate(), afterMs);
    },
    waitForConnections(n) {
      return connections >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }));
    },
    dropOnNextAnswer() {
      dropNext = true;
    },
    silence() {
      (current as unknown as { _socket?: { pause(): void } } | undefined)?._socket?.pause();
      current = undefined;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
