// The Open API over a JsonTransport (fetch, or node:http on Node): the tenant access token (asked for
// once, reused until shortly before it expires, one request for it at a time) and JSON POSTs that
// carry it. This is what the SDK's lark.Client did for us; without it the serving process does not
// load the SDK, whose generated API definitions alone cost ~50 MB of memory (~100 MB under tsx), for
// two endpoints. Failures are thrown in the shape errors.ts classifies: an HTTP error carries its
// response, a transport failure says so.
import type { JsonTransport } from '../json-transport.ts';

export interface OpenApiOptions {
  appId: string;
  appSecret: string;
  domain: string;
  transport: JsonTransport;
  /** For one call, headers and body (no answer by then counts as a network failure, retried). */
  timeoutMs: number;
}

export interface OpenApi {
  token(): Promise<string>;
  /** POSTs `data` as JSON to `path` (with `params` as the query) and answers the parsed body. */
  post(path: string, data: unknown, params?: Record<string, string>): Promise<unknown>;
  /** GETs `path` with the token and answers the parsed body. */
  get(path: string, params?: Record<string, string>): Promise<unknown>;
  /** PATCHes `data` as JSON to `path` (加急), as `post` does. */
  patch(path: string, data: unknown, params?: Record<string, string>): Promise<unknown>;
}

export const TENANT_TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
/** Where the long connection asks for its WebSocket URL (long-connection.ts). */
export const WS_ENDPOINT_PATH = '/callback/ws/endpoint';
/** Answers meaning the token is not (or no longer) accepted: missing, invalid, expired (FD 通用错误码). */
const INVALID_TOKEN_CODES: ReadonlySet<number> = new Set([99991661, 99991663, 99991664, 99991668, 99991677]);

function answerCode(body: unknown): number | undefined {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Asked for again this long before Feishu says it expires (the SDK's margin too). */
const TOKEN_MARGIN_MS = 3 * 60_000;

/** An HTTP status ≥ 400, with what came back. */
export class OpenApiHttpError extends Error {
  constructor(
    message: string,
    readonly response: { status: number; headers: Record<string, string>; data: unknown },
  ) {
    super(message);
  }
}

/** No response at all: refused, reset, timed out — worth another try. */
export class OpenApiNetworkError extends Error {
  readonly network = true;
}

type Method = 'GET' | 'POST' | 'PATCH';

export function createOpenApi(options: OpenApiOptions): OpenApi {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function call(url: string, data: unknown, token?: string, method: Method = 'POST') {
    let answer: Awaited<ReturnType<JsonTransport>>;
    try {
      answer = await options.transport({
        method,
        url,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(data),
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      throw new OpenApiNetworkError(error instanceof Error ? error.message : String(error));
    }
    const { status, headers, text } = answer;
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): kept as text for the error message.
    }
    if (status >= 400) throw new OpenApiHttpError(`HTTP ${status}`, { status, headers, data: body });
    return body;
  }

  async function fetchToken(): Promise<string> {
    const body = (await call(`${options.domain}${TENANT_TOKEN_PATH}`, {
      app_id: options.appId,
      app_secret: options.appSecret,
    })) as { code?: unknown; msg?: unknown; tenant_access_token?: unknown; expire?: unknown } | null;
    const token = body?.tenant_access_token;
    if (body?.code !== 0 || typeof token !== 'string' || token === '')
      throw new Error(`no tenant_access_token: code ${String(body?.code)} ${String(body?.msg ?? '')}`.trim());
    const seconds = typeof body.expire === 'number' ? body.expire : 0;
    cached = { token, expiresAt: Date.now() + seconds * 1000 - TOKEN_MARGIN_MS };
    return token;
  }

  const api: OpenApi = {
    token() {
      if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    async get(path, params) {
      const query = params ? `?${new URLSearchParams(params).toString()}` : '';
      return call(`${options.domain}${path}${query}`, undefined, await api.token(), 'GET');
    },
    post: (path, data, params) => withToken('POST', path, data, params),
    patch: (path, data, params) => withToken('PATCH', path, data, params),
  };

  async function withToken(method: Method, path: string, data: unknown, params?: Record<string, string>) {
    const query = params ? `?${new URLSearchParams(params).toString()}` : '';
    const url = `${options.domain}${path}${query}`;
    const token = await api.token();
    try {
      const body = await call(url, data, token, method);
      if (!INVALID_TOKEN_CODES.has(answerCode(body) ?? 0)) return body;
    } catch (error) {
      if (
        !(error instanceof OpenApiHttpError && INVALID_TOKEN_CODES.has(answerCode(error.response.data) ?? 0))
      )
        throw error;
    }
    // The token was refused before its time (revoked, the secret reset): drop it and ask once more.
    if (cached?.token === token) cached = undefined;
    return call(url, data, await api.token(), method);
  }
  return api;
}
