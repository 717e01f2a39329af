// A real HTTP server on 127.0.0.1 that plays the parts of the DingTalk Open API the channel uses:
// oauth2/accessToken, robot oToMessages/batchSend (≤ 20 userIds, else DingTalk's overMax error),
// robot groupMessages/send, card/instances/createAndDeliver and PUT card/instances (every cardParamMap
// value must be a string), and oapi topapi/v2/user/getbymobile — with injectable failures first.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status: number;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  token?: string;
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
export const REGISTER_CALLBACK_PATH = '/v1.0/card/callbacks/register';

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
  url: string;
  appKey: string;
  appSecret: string;
  requests: RecordedRequest[];
  messages: RobotMessage[];
  batchSendCalls: string[][];
  cards: DeliveredCard[];
  cardUpdates: { outTrackId: string; params: Record<string, string> }[];
  tokensIssued(): number;
  /** Makes every issued token invalid (as if expired): the next call gets a 401. */
  revokeTokens(): void;
  failNext(path: string, ...responses: FakeResponse[]): void;
  requestsTo(path: string): RecordedRequest[];
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
  const state = {
    requests: [] as RecordedRequest[],
    messages: [] as RobotMessage[],
    batchSendCalls: [] as string[][],
    cards: [] as DeliveredCard[],
    cardUpdates: [] as { outTrackId: string; params: Record<string, string> }[],
  };

  function route(req: RecordedRequest): FakeResponse {
    if (req.path === TOKEN_PATH) {
      const { appKey: key, appSecret: secret } = (req.body ?? {}) as Record<string, unknown>;
      if (key !== appKey || secret !== appSecret) return dingtalkCode('invalidClientIdOrSecret', 400);
      issued += 1;
      const token = `tok-${issued}`;
      tokens.add(token);
      return { status: 200, body: { accessToken: token, expireIn: options.expireIn ?? 7200 } };
    }
    if (!req.token || !tokens.has(req.token)) {
      return req.path === GET_BY_MOBILE_PATH
        ? oldApiCode(40014)
        : { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } };
    }
    const queued = injected.get(req.path);
    if (queued && queued.length > 0) return queued.shift() as FakeResponse;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === BATCH_SEND_PATH && req.method === 'POST') return batchSend(body);
    if (req.path === GROUP_SEND_PATH && req.method === 'POST') return groupSend(body);
    if (req.path === CREATE_AND_DELIVER_PATH && req.method === 'POST') return deliver(body);
    if (req.path === CARD_UPDATE_PATH && req.method === 'PUT') return update(body);
    if (req.path === REGISTER_CALLBACK_PATH && req.method === 'POST') {
      return { status: 200, body: { result: { callbackUrl: body.callbackUrl, apiSecret: body.apiSecret } } };
    }
    if (req.path === GET_BY_MOBILE_PATH && req.method === 'POST') {
      const userid = options.mobiles?.[String(body.mobile)];
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
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const header = incoming.headers['x-acs-dingtalk-access-token'];
      const token = url.searchParams.get('access_token') ?? (Array.isArray(header) ? header[0] : header);
      const req: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? (JSON.parse(text) as unknown) : undefined,
        ...(token ? { token } : {}),
      };
      state.requests.push(req);
      const answer = route(req);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appKey,
    appSecret,
    ...state,
    tokensIssued: () => issued,
    revokeTokens: () => tokens.clear(),
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
