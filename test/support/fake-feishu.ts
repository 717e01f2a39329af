// A real HTTP server on 127.0.0.1 that plays the parts of the Feishu Open API the channel uses:
// tenant_access_token/internal, im/v1/messages (uuid de-duplication like Feishu), contact/v3/users/
// batch_get_id and interactive/v1/card/update, with injectable failures before success.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface RecordedMessage {
  messageId: string;
  receiveIdType: string;
  receiveId: string;
  msgType: string;
  content: unknown;
  uuid?: string;
  /** The fake's clock when the message was accepted (injectable, default Date.now). */
  at: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
}

export interface FakeFeishu {
  url: string;
  appId: string;
  appSecret: string;
  messages: RecordedMessage[];
  requests: RecordedRequest[];
  cardUpdates: { token: string; card: unknown }[];
  batchGetIdCalls: string[][];
  /** The next `responses.length` requests to `path` get these answers instead of the real one. */
  failNext(path: string, ...responses: FakeResponse[]): void;
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

export const rateLimited = (resetSeconds?: number): FakeResponse => ({
  status: 429,
  headers:
    resetSeconds === undefined
      ? {}
      : { 'x-ogw-ratelimit-limit': '5', 'x-ogw-ratelimit-reset': String(resetSeconds) },
  body: { code: 99991400, msg: 'request trigger frequency limit' },
});
export const feishuCode = (code: number, msg = 'error', status = 400): FakeResponse => ({
  status,
  body: { code, msg },
});
export const serverError = (): FakeResponse => ({ status: 500, body: { code: 500, msg: 'internal error' } });

export const MESSAGES_PATH = '/open-apis/im/v1/messages';
export const BATCH_GET_ID_PATH = '/open-apis/contact/v3/users/batch_get_id';
export const CARD_UPDATE_PATH = '/open-apis/interactive/v1/card/update';
const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

export async function startFakeFeishu(
  options: { mobiles?: Record<string, string>; now?: () => number; appId?: string; appSecret?: string } = {},
): Promise<FakeFeishu> {
  const appId = options.appId ?? 'cli_test_app';
  const appSecret = options.appSecret ?? 'test-secret';
  const now = options.now ?? Date.now;
  const tokens = new Set<string>();
  const byUuid = new Map<string, RecordedMessage>();
  const injected = new Map<string, FakeResponse[]>();
  const state = {
    messages: [] as RecordedMessage[],
    requests: [] as RecordedRequest[],
    cardUpdates: [] as { token: string; card: unknown }[],
    batchGetIdCalls: [] as string[][],
  };

  function route(req: RecordedRequest): FakeResponse {
    if (req.path === TOKEN_PATH) {
      const { app_id, app_secret } = (req.body ?? {}) as { app_id?: string; app_secret?: string };
      if (app_id !== appId || app_secret !== appSecret) return feishuCode(10014, 'app secret invalid');
      const token = `t-${tokens.size + 1}`;
      tokens.add(token);
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 } };
    }
    const token = req.authorization?.replace(/^Bearer /, '');
    if (!token || !tokens.has(token)) return feishuCode(99991663, 'Invalid access token for authorization');
    const queued = injected.get(req.path);
    if (queued && queued.length > 0) return queued.shift() as FakeResponse;
    if (req.path === MESSAGES_PATH) return createMessage(req);
    if (req.path === BATCH_GET_ID_PATH) return batchGetId(req);
    if (req.path === CARD_UPDATE_PATH) {
      const { token: cardToken, card } = req.body as { token: string; card: unknown };
      state.cardUpdates.push({ token: cardToken, card });
      return { status: 200, body: { code: 0, msg: 'success' } };
    }
    return { status: 404, body: { code: 404, msg: 'not found' } };
  }

  function createMessage(req: RecordedRequest): FakeResponse {
    const body = req.body as { receive_id: string; msg_type: string; content: string; uuid?: string };
    const existing = body.uuid ? byUuid.get(body.uuid) : undefined;
    const message = existing ?? {
      messageId: `om_fake_${state.messages.length + 1}`,
      receiveIdType: req.query.receive_id_type ?? '',
      receiveId: body.receive_id,
      msgType: body.msg_type,
      content: JSON.parse(body.content) as unknown,
      ...(body.uuid ? { uuid: body.uuid } : {}),
      at: now(),
    };
    if (!existing) {
      state.messages.push(message);
      if (body.uuid) byUuid.set(body.uuid, message);
    }
    return {
      status: 200,
      body: { code: 0, msg: 'success', data: { message_id: message.messageId, msg_type: message.msgType } },
    };
  }

  function batchGetId(req: RecordedRequest): FakeResponse {
    const mobiles = ((req.body ?? {}) as { mobiles?: string[] }).mobiles ?? [];
    if (mobiles.length > 50) return feishuCode(99992402, 'field validation failed');
    state.batchGetIdCalls.push(mobiles);
    const user_list = mobiles.map((mobile) => {
      const id = options.mobiles?.[mobile];
      return id ? { mobile, user_id: id } : { mobile };
    });
    return { status: 200, body: { code: 0, msg: 'success', data: { user_list } } };
  }

  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const req: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? (JSON.parse(text) as unknown) : undefined,
        ...(incoming.headers.authorization ? { authorization: incoming.headers.authorization } : {}),
      };
      state.requests.push(req);
      const answer = route(req);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    ...state,
    failNext(path, ...responses) {
      injected.set(path, [...(injected.get(path) ?? []), ...responses]);
    },
    requestsTo(path) {
      return state.requests.filter((req) => req.path === path);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
