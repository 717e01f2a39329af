// A real HTTP server on 127.0.0.1 that plays the parts of the DingTalk Open API the channel uses:
// oauth2/accessToken, robot oToMessages/batchSend (≤ 20 userIds, else DingTalk's overMax error),
// robot groupMessages/send, card/instances/createAndDeliver and PUT card/instances (every cardParamMap
// value must be a string), oapi topapi/v2/user/getbymobile, and the receipts: GET robot/oToMessages/
// readStatus (each person of a batch READ or UNREAD, by its processQueryKey) and POST robot/ding/send
// (in-app DING) — with injectable failures first.
// For tests that run elsewhere (workerd) and reach the fake over HTTP, two endpoints of its own, not
// recorded: GET /__test/sent answers everything recorded as JSON; POST /__test/reset {mobiles?} forgets
// it (issued tokens stay valid) and sets the directory's mobile → staff id map.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status: number;
  body: unknown;
  /** Sent as the body instead of JSON (a downloaded file). */
  raw?: Uint8Array;
}

/** A file uploaded to oapi media/upload (multipart: type, media). */
export interface UploadedMedia {
  mediaId: string;
  type: string;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export const MEDIA_UPLOAD_PATH = '/media/upload';
export const MESSAGE_FILES_DOWNLOAD_PATH = '/v1.0/robot/messageFiles/download';
/** Where the fake's short-lived download URLs point (not an API: no token, as DingTalk's are signed). */
const DOWNLOADS_PREFIX = '/__downloads/';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  token?: string;
  /** The status the fake answered with. */
  status?: number;
}

export interface RobotMessage {
  to: { userId: string } | { conversationId: string };
  msgKey: string;
  msgParam: Record<string, unknown>;
}

export interface DeliveredCard {
  outTrackId: string;
  openSpaceId: string;
  cardTemplateId: string;
  callbackType: string;
  params: Record<string, string>;
}

export const TOKEN_PATH = '/v1.0/oauth2/accessToken';
export const BATCH_SEND_PATH = '/v1.0/robot/oToMessages/batchSend';
export const GROUP_SEND_PATH = '/v1.0/robot/groupMessages/send';
export const CREATE_AND_DELIVER_PATH = '/v1.0/card/instances/createAndDeliver';
export const CARD_UPDATE_PATH = '/v1.0/card/instances';
export const GET_BY_MOBILE_PATH = '/topapi/v2/user/getbymobile';
export const USER_GET_PATH = '/topapi/v2/user/get';
export const REGISTER_CALLBACK_PATH = '/v1.0/card/callbacks/register';
export const READ_STATUS_PATH = '/v1.0/robot/oToMessages/readStatus';
export const DING_SEND_PATH = '/v1.0/robot/ding/send';
/** Not a DingTalk API: the fake's own inspection endpoint. */
export const INSPECT_PATH = '/__test/sent';
export const RESET_PATH = '/__test/reset';

export const rateLimited = (): FakeResponse => ({
  status: 429,
  body: { code: 'Throttling', message: 'too many' },
});
export const dingtalkCode = (code: string, status = 403): FakeResponse => ({
  status,
  body: { code, message: code, requestid: 'req-fake' },
});
export const oldApiCode = (errcode: number): FakeResponse => ({
  status: 200,
  body: { errcode, errmsg: 'error' },
});
export const serverError = (status = 500): FakeResponse => ({ status, body: { code: 'ServiceUnavailable' } });

export interface FakeDingtalk {
  /** Files uploaded through media/upload, in order. */
  uploads: UploadedMedia[];
  /** Makes `bytes` downloadable by messageFiles/download with this downloadCode. */
  addDownload(downloadCode: string, bytes: Uint8Array): void;
  url: string;
  appKey: string;
  appSecret: string;
  requests: RecordedRequest[];
  messages: RobotMessage[];
  batchSendCalls: string[][];
  cards: DeliveredCard[];
  cardUpdates: { outTrackId: string; params: Record<string, string> }[];
  /** DINGs sent: to whom, what, and how (remindType). */
  dings: { userIds: string[]; content: string; remindType: number }[];
  /** The person read the robot message of this batch (readStatus says READ from now on). */
  markRead(processQueryKey: string, userId: string): void;
  tokensIssued(): number;
  /** Makes every issued token invalid (as if expired): the next call gets a 401. */
  revokeTokens(): void;
  failNext(path: string, ...responses: FakeResponse[]): void;
  requestsTo(path: string): RecordedRequest[];
  /** Answers `path` (no token needed) with `answer` from now on, e.g. the Stream gateway's open call. */
  serve(path: string, answer: (req: RecordedRequest) => FakeResponse): void;
  close(): Promise<void>;
}

export async function startFakeDingtalk(
  options: { mobiles?: Record<string, string>; expireIn?: number; invalidUsers?: string[] } = {},
): Promise<FakeDingtalk> {
  const appKey = 'dingtestappkey';
  const appSecret = 'dingtalk-test-secret';
  const tokens = new Set<string>();
  let issued = 0;
  const injected = new Map<string, FakeResponse[]>();
  const uploads: UploadedMedia[] = [];
  const downloads = new Map<string, Uint8Array>();
  let base = '';
  let mobiles: Record<string, string> = { ...options.mobiles };
  const state = {
    requests: [] as RecordedRequest[],
    messages: [] as RobotMessage[],
    batchSendCalls: [] as string[][],
    cards: [] as DeliveredCard[],
    cardUpdates: [] as { outTrackId: string; params: Record<string, string> }[],
    dings: [] as { userIds: string[]; content: string; remindType: number }[],
    /** user/get lookups of a sender: whom, and the mobile answered (none when the directory has none). */
    userLookups: [] as { userid: string; mobile: string | null }[],
  };

  const served = new Map<string, (req: RecordedRequest) => FakeResponse>();
  /** Each batch's delivered people, and who of them read it, by processQueryKey. */
  const batches = new Map<string, string[]>();
  const reads = new Map<string, Set<string>>();

  function route(req: RecordedRequest): FakeResponse {
    const own = served.get(req.path);
    if (own) return own(req);
    if (req.path.startsWith(DOWNLOADS_PREFIX) && req.method === 'GET') {
      const bytes = downloads.get(decodeURIComponent(req.path.slice(DOWNLOADS_PREFIX.length)));
      return bytes ? { status: 200, body: null, raw: bytes } : { status: 404, body: { code: 'NotFound' } };
    }
    if (req.path === TOKEN_PATH) {
      const { appKey: key, appSecret: secret } = (req.body ?? {}) as Record<string, unknown>;
      if (key !== appKey || secret !== appSecret) return dingtalkCode('invalidClientIdOrSecret', 400);
      issued += 1;
      const token = `tok-${issued}`;
      tokens.add(token);
      return { status: 200, body: { accessToken: token, expireIn: options.expireIn ?? 7200 } };
    }
    if (!req.token || !tokens.has(req.token)) {
      return req.path === GET_BY_MOBILE_PATH || req.path === USER_GET_PATH
        ? oldApiCode(40014)
        : { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } };
    }
    const queued = injected.get(req.path);
    if (queued && queued.length > 0) return queued.shift() as FakeResponse;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === BATCH_SEND_PATH && req.method === 'POST') return batchSend(body);
    if (req.path === GROUP_SEND_PATH && req.method === 'POST') return groupSend(body);
    if (req.path === READ_STATUS_PATH && req.method === 'GET') {
      const key = req.query.processQueryKey ?? '';
      const users = batches.get(key);
      if (!req.query.robotCode || !users) return dingtalkCode('invalidParameter.processQueryKey', 400);
      return {
        status: 200,
        body: {
          sendStatus: 'SUCCESS',
          messageReadInfoList: users.map((userId) => ({
            name: '某人',
            userId,
            readStatus: reads.get(key)?.has(userId) ? 'READ' : 'UNREAD',
          })),
        },
      };
    }
    if (req.path === DING_SEND_PATH && req.method === 'POST') {
      const userIds = Array.isArray(body.receiverUserIdList) ? (body.receiverUserIdList as string[]) : [];
      if (!body.robotCode || userIds.length === 0 || typeof body.content !== 'string')
        return dingtalkCode('invalidParameter.param.invalid', 400);
      state.dings.push({ userIds, content: body.content, remindType: Number(body.remindType) });
      return { status: 200, body: { openDingId: `ding-${state.dings.length}` } };
    }
    if (req.path === CREATE_AND_DELIVER_PATH && req.method === 'POST') return deliver(body);
    if (req.path === CARD_UPDATE_PATH && req.method === 'PUT') return update(body);
    if (req.path === REGISTER_CALLBACK_PATH && req.method === 'POST') {
      return { status: 200, body: { result: { callbackUrl: body.callbackUrl, apiSecret: body.apiSecret } } };
    }
    if (req.path === MEDIA_UPLOAD_PATH && req.method === 'POST') {
      const form = req.body as {
        fields?: Record<string, string>;
        file?: Omit<UploadedMedia, 'mediaId' | 'type'>;
      };
      if (form.fields?.type !== 'file' || !form.file) return oldApiCode(40004);
      const mediaId = `@lAfake${uploads.length + 1}`;
      uploads.push({ mediaId, type: form.fields.type, ...form.file });
      return {
        status: 200,
        body: { errcode: 0, errmsg: 'ok', type: 'file', media_id: mediaId, created_at: 1 },
      };
    }
    if (req.path === MESSAGE_FILES_DOWNLOAD_PATH && req.method === 'POST') {
      const code = String(body.downloadCode ?? '');
      if (!downloads.has(code) || !body.robotCode) return dingtalkCode('invalidParameter.downloadCode', 400);
      return { status: 200, body: { downloadUrl: `${base}${DOWNLOADS_PREFIX}${encodeURIComponent(code)}` } };
    }
    if (req.path === USER_GET_PATH && req.method === 'POST') {
      const mobile = Object.keys(mobiles).find((m) => mobiles[m] === String(body.userid));
      state.userLookups.push({ userid: String(body.userid), mobile: mobile ?? null });
      // Anyone in the organisation exists; only those the test's directory knows have a mobile on file.
      return {
        status: 200,
        body: {
          errcode: 0,
          errmsg: 'ok',
          result: { userid: body.userid, name: '某人', ...(mobile ? { mobile } : {}) },
        },
      };
    }
    if (req.path === GET_BY_MOBILE_PATH && req.method === 'POST') {
      const userid = mobiles[String(body.mobile)];
      return userid
        ? { status: 200, body: { errcode: 0, errmsg: 'ok', result: { userid }, request_id: 'r1' } }
        : { status: 200, body: { errcode: 60121, errmsg: '找不到该用户', request_id: 'r2' } };
    }
    return { status: 404, body: { code: 'NotFound', message: req.path } };
  }

  function batchSend(body: Record<string, unknown>): FakeResponse {
    const userIds = Array.isArray(body.userIds) ? (body.userIds as string[]) : [];
    if (userIds.length > 20) return dingtalkCode('invalidParameter.userIds.overMax', 400);
    state.batchSendCalls.push(userIds);
    const invalid = userIds.filter((id) => options.invalidUsers?.includes(id));
    for (const userId of userIds.filter((id) => !invalid.includes(id))) {
      state.messages.push({
        to: { userId },
        msgKey: String(body.msgKey),
        msgParam: JSON.parse(String(body.msgParam)),
      });
    }
    batches.set(
      `pqk-${state.batchSendCalls.length}`,
      userIds.filter((id) => !invalid.includes(id)),
    );
    return {
      status: 200,
      body: {
        processQueryKey: `pqk-${state.batchSendCalls.length}`,
        invalidStaffIdList: invalid,
        flowControlledStaffIdList: [],
      },
    };
  }

  function groupSend(body: Record<string, unknown>): FakeResponse {
    const conversationId = String(body.openConversationId);
    state.messages.push({
      to: { conversationId },
      msgKey: String(body.msgKey),
      msgParam: JSON.parse(String(body.msgParam)),
    });
    return { status: 200, body: { processQueryKey: `pqk-g${state.messages.length}` } };
  }

  /** DingTalk refuses non-string card data; the fake refuses it loudly. */
  function stringParams(body: Record<string, unknown>): Record<string, string> | undefined {
    const map = ((body.cardData ?? {}) as { cardParamMap?: unknown }).cardParamMap;
    if (typeof map !== 'object' || map === null) return undefined;
    const entries = Object.entries(map);
    return entries.every(([, v]) => typeof v === 'string')
      ? (Object.fromEntries(entries) as Record<string, string>)
      : undefined;
  }

  function deliver(body: Record<string, unknown>): FakeResponse {
    const params = stringParams(body);
    if (!params) return dingtalkCode('param.cardParamMapInvalid', 400);
    const openSpaceId = String(body.openSpaceId);
    state.cards.push({
      outTrackId: String(body.outTrackId),
      openSpaceId,
      cardTemplateId: String(body.cardTemplateId),
      callbackType: String(body.callbackType),
      params,
    });
    const spaceType = openSpaceId.includes('IM_GROUP') ? 'IM_GROUP' : 'IM_ROBOT';
    const spaceId = openSpaceId.split('.').pop() ?? '';
    return {
      status: 200,
      body: {
        success: true,
        result: {
          outTrackId: body.outTrackId,
          deliverResults: [{ spaceType, spaceId, success: true, carrierId: 'c1' }],
        },
      },
    };
  }

  function update(body: Record<string, unknown>): FakeResponse {
    const params = stringParams(body);
    if (!params) return dingtalkCode('param.cardParamMapInvalid', 400);
    state.cardUpdates.push({ outTrackId: String(body.outTrackId), params });
    return { status: 200, body: { success: true, result: true } };
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
          injected.clear();
          mobiles = { ...(text ? (JSON.parse(text) as { mobiles?: Record<string, string> }).mobiles : {}) };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(state));
        return;
      }
      const header = incoming.headers['x-acs-dingtalk-access-token'];
      const token = url.searchParams.get('access_token') ?? (Array.isArray(header) ? header[0] : header);
      const req: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: contentType.startsWith('multipart/form-data')
          ? await readMultipart(Buffer.concat(chunks), contentType)
          : text
            ? (JSON.parse(text) as unknown)
            : undefined,
        ...(token ? { token } : {}),
      };
      state.requests.push(req);
      const answer = route(req);
      req.status = answer.status;
      res.writeHead(answer.status, {
        'content-type': answer.raw ? 'application/octet-stream' : 'application/json',
      });
      res.end(answer.raw ?? JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    uploads,
    addDownload(downloadCode, bytes) {
      downloads.set(downloadCode, bytes);
    },
    url: `http://127.0.0.1:${port}`,
    appKey,
    appSecret,
    ...state,
    tokensIssued: () => issued,
    revokeTokens: () => tokens.clear(),
    failNext(path, ...responses) {
      injected.set(path, [...(injected.get(path) ?? []), ...responses]);
    },
    markRead(processQueryKey, userId) {
      reads.set(processQueryKey, (reads.get(processQueryKey) ?? new Set()).add(userId));
    },
    serve(path, answer) {
      served.set(path, answer);
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
