// A real HTTP server on 127.0.0.1 that plays the parts of the Feishu Open API the channel uses:
// tenant_access_token/internal, im/v1/messages (uuid de-duplication like Feishu), contact/v3/users/
// batch_get_id, interactive/v1/card/update, and the receipts: GET im/v1/messages/:id/read_users (the
// open_ids that read a message the bot sent within 7 days, paged) and PATCH …/urgent_app (加急 of a
// message the bot sent, to people it went to) — with injectable failures before success.
// For tests that run elsewhere (workerd) and reach the fake over HTTP, two endpoints of its own, not
// recorded: GET /__test/sent answers everything recorded as JSON; POST /__test/reset {mobiles?} forgets
// it, and the uuids seen (issued tokens stay valid), and sets the directory's mobile → user id map.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Sent as the body instead of JSON (a downloaded file). */
  raw?: Uint8Array;
}

/** A file uploaded to im/v1/files (multipart: file_type, file_name, file). */
export interface UploadedFile {
  fileKey: string;
  fileType: string;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
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
  /** Files uploaded through im/v1/files, in order. */
  uploads: UploadedFile[];
  /** 加急 calls that succeeded: the message and whom. */
  urgent: { messageId: string; userIds: string[] }[];
  /** The person read the message (read_users lists them from now on). */
  markRead(messageId: string, openId: string): void;
  /** Serves `bytes` at im/v1/messages/:messageId/resources/:key (the file someone sent the bot). */
  addResource(messageId: string, key: string, bytes: Uint8Array): void;
  /** The next `responses.length` requests to `path` get these answers instead of the real one. */
  failNext(path: string, ...responses: FakeResponse[]): void;
  requestsTo(path: string): RecordedRequest[];
  /** Makes every token issued so far invalid (revoked): the next call with one is refused. */
  revokeTokens(): void;
  /** Answers `path` (no token needed) with `answer` from now on, e.g. the long connection's endpoint. */
  serve(path: string, answer: (req: RecordedRequest) => FakeResponse): void;
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
export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
/** Not a Feishu API: the fake's own inspection endpoint. */
export const INSPECT_PATH = '/__test/sent';
export const FILES_PATH = '/open-apis/im/v1/files';
export const BOT_INFO_PATH = '/open-apis/bot/v3/info';
/** The bot's open_id the fake answers: the one the official samples @-mention (feishu-sign.ts). */
export const FAKE_BOT_OPEN_ID = 'ou_84aad35d084aa403a838cf73ee18467';
const RESOURCE_PATH = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/;
const READ_USERS = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/read_users$/;
const URGENT_APP = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_app$/;
export const readUsersPath = (messageId: string) => `/open-apis/im/v1/messages/${messageId}/read_users`;
export const urgentAppPath = (messageId: string) => `/open-apis/im/v1/messages/${messageId}/urgent_app`;
const WEEK_MS = 7 * 86_400_000;
export const RESET_PATH = '/__test/reset';

export async function startFakeFeishu(
  options: { mobiles?: Record<string, string>; now?: () => number; appId?: string; appSecret?: string } = {},
): Promise<FakeFeishu> {
  const appId = options.appId ?? 'cli_test_app';
  const appSecret = options.appSecret ?? 'test-secret';
  const botOpenId = FAKE_BOT_OPEN_ID;
  const now = options.now ?? Date.now;
  const tokens = new Set<string>();
  /** Tokens issued before a revocation, so new ones get new names. */
  let revoked = 0;
  const byUuid = new Map<string, RecordedMessage>();
  const injected = new Map<string, FakeResponse[]>();
  const uploads: UploadedFile[] = [];
  const resources = new Map<string, Uint8Array>();
  let mobiles: Record<string, string> = { ...options.mobiles };
  const state = {
    messages: [] as RecordedMessage[],
    requests: [] as RecordedRequest[],
    cardUpdates: [] as { token: string; card: unknown }[],
    batchGetIdCalls: [] as string[][],
    urgent: [] as { messageId: string; userIds: string[] }[],
  };
  const reads = new Map<string, string[]>();

  const served = new Map<string, (req: RecordedRequest) => FakeResponse>();

  function route(req: RecordedRequest): FakeResponse {
    const own = served.get(req.path);
    if (own) return own(req);
    if (req.path === TOKEN_PATH) {
      const { app_id, app_secret } = (req.body ?? {}) as { app_id?: string; app_secret?: string };
      if (app_id !== appId || app_secret !== appSecret) return feishuCode(10014, 'app secret invalid');
      const token = `t-${revoked + tokens.size + 1}`;
      tokens.add(token);
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 } };
    }
    const token = req.authorization?.replace(/^Bearer /, '');
    if (!token || !tokens.has(token)) return feishuCode(99991663, 'Invalid access token for authorization');
    const queued = injected.get(req.path);
    if (queued && queued.length > 0) return queued.shift() as FakeResponse;
    if (req.path === MESSAGES_PATH) return createMessage(req);
    if (req.path === BATCH_GET_ID_PATH) return batchGetId(req);
    if (req.path === BOT_INFO_PATH && req.method === 'GET')
      return {
        status: 200,
        body: {
          code: 0,
          msg: 'ok',
          bot: { activate_status: 2, app_name: '帮扶台账助手', open_id: botOpenId },
        },
      };
    if (req.path === FILES_PATH && req.method === 'POST') return upload(req);
    const readUsers = READ_USERS.exec(req.path);
    if (readUsers && req.method === 'GET') return readUsersOf(decodeURIComponent(readUsers[1] ?? ''), req);
    const urgentApp = URGENT_APP.exec(req.path);
    if (urgentApp && req.method === 'PATCH') return urge(decodeURIComponent(urgentApp[1] ?? ''), req);
    const resource = RESOURCE_PATH.exec(req.path);
    if (resource && req.method === 'GET') {
      const bytes = resources.get(
        `${decodeURIComponent(resource[1] ?? '')}|${decodeURIComponent(resource[2] ?? '')}`,
      );
      if (!bytes || !['file', 'image'].includes(req.query.type ?? ''))
        return feishuCode(234003, 'File not in msg.');
      return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: null, raw: bytes };
    }
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

  /** Only the bot's own messages of the last 7 days; `items` of {user_id_type, user_id, timestamp}. */
  function readUsersOf(messageId: string, req: RecordedRequest): FakeResponse {
    const message = state.messages.find((m) => m.messageId === messageId);
    if (!req.query.user_id_type) return feishuCode(99992402, 'field validation failed');
    if (!message || message.at < now() - WEEK_MS) return feishuCode(230001, 'message not found or too old');
    const all = reads.get(messageId) ?? [];
    const size = Number(req.query.page_size ?? 20);
    const start = Number(req.query.page_token ?? 0);
    const items = all
      .slice(start, start + size)
      .map((user_id) => ({ user_id_type: req.query.user_id_type, user_id, timestamp: String(now()) }));
    const more = start + size < all.length;
    return {
      status: 200,
      body: {
        code: 0,
        msg: 'success',
        data: { items, has_more: more, ...(more ? { page_token: String(start + size) } : {}) },
      },
    };
  }

  /** 加急 in the app: the bot's own message, to people it was sent to. */
  function urge(messageId: string, req: RecordedRequest): FakeResponse {
    const message = state.messages.find((m) => m.messageId === messageId);
    const userIds = ((req.body ?? {}) as { user_id_list?: string[] }).user_id_list ?? [];
    if (!req.query.user_id_type || userIds.length === 0)
      return feishuCode(99992402, 'field validation failed');
    if (!message) return feishuCode(230001, 'message not found');
    const invalid = userIds.filter((id) => id !== message.receiveId);
    state.urgent.push({ messageId, userIds: userIds.filter((id) => !invalid.includes(id)) });
    return { status: 200, body: { code: 0, msg: 'success', data: { invalid_user_id_list: invalid } } };
  }

  /** Feishu's im/v1/files: file_type must be one of its values; answers the new file_key. */
  function upload(req: RecordedRequest): FakeResponse {
    const form = req.body as {
      fields?: Record<string, string>;
      file?: Omit<UploadedFile, 'fileKey' | 'fileType'>;
    };
    const fileType = form.fields?.file_type ?? '';
    if (!['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream'].includes(fileType) || !form.file)
      return feishuCode(234001, 'Invalid request param.');
    const fileKey = `file_v3_fake_${uploads.length + 1}`;
    uploads.push({ fileKey, fileType, ...form.file, fileName: form.fields?.file_name ?? form.file.fileName });
    return { status: 200, body: { code: 0, msg: 'success', data: { file_key: fileKey } } };
  }

  function batchGetId(req: RecordedRequest): FakeResponse {
    const asked = ((req.body ?? {}) as { mobiles?: string[] }).mobiles ?? [];
    if (asked.length > 50) return feishuCode(99992402, 'field validation failed');
    state.batchGetIdCalls.push(asked);
    const user_list = asked.map((mobile) => {
      const id = mobiles[mobile];
      return id ? { mobile, user_id: id } : { mobile };
    });
    return { status: 200, body: { code: 0, msg: 'success', data: { user_list } } };
  }

  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = incoming.headers['content-type'] ?? '';
      if (url.pathname === INSPECT_PATH || url.pathname === RESET_PATH) {
        if (incoming.method === 'POST' && url.pathname === RESET_PATH) {
          for (const list of Object.values(state)) list.length = 0;
          byUuid.clear();
          injected.clear();
          mobiles = { ...(text ? (JSON.parse(text) as { mobiles?: Record<string, string> }).mobiles : {}) };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(state));
        return;
      }
      const req: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: contentType.startsWith('multipart/form-data')
          ? await readMultipart(Buffer.concat(chunks), contentType)
          : text
            ? (JSON.parse(text) as unknown)
            : undefined,
        ...(incoming.headers.authorization ? { authorization: incoming.headers.authorization } : {}),
      };
      state.requests.push(req);
      const answer = route(req);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.raw ?? JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    ...state,
    uploads,
    markRead(messageId, openId) {
      reads.set(messageId, [...(reads.get(messageId) ?? []), openId]);
    },
    addResource(messageId, key, bytes) {
      resources.set(`${messageId}|${key}`, bytes);
    },
    failNext(path, ...responses) {
      injected.set(path, [...(injected.get(path) ?? []), ...responses]);
    },
    requestsTo(path) {
      return state.requests.filter((req) => req.path === path);
    },
    serve(path, answer) {
      served.set(path, answer);
    },
    revokeTokens() {
      revoked = tokens.size;
      tokens.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A multipart body as {fields, file}: text fields by name, and the one file part with its bytes. */
async function readMultipart(body: Buffer, contentType: string) {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string> = {};
  let file: { fileName: string; mime: string; bytes: Uint8Array } | undefined;
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else file = { fileName: value.name, mime: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return { fields, file };
}
