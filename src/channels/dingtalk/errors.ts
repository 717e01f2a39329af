// Classifying Open API answers: what is retried, after how long, and the typed error thrown at the end.
// New APIs (api.dingtalk.com) answer errors with an HTTP status and {code, message}; old ones
// (oapi.dingtalk.com) with HTTP 200 and {errcode, errmsg}. Codes: DD 附录B 服务端API限流, platforms.md §7.

/** Per app per API (20 QPS) and global per API; DingTalk says: wait a second and try again. */
export const RATE_LIMIT_CODES: ReadonlySet<string> = new Set([
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
  'Forbidden.AccessDenied.QpsLimitForApi',
  '90018',
  '90002',
]);

/** The organisation's monthly call quota (10,000 on the standard edition): retrying cannot help. */
export const QUOTA_CODES: ReadonlySet<string> = new Set([
  'Forbidden.AccessDenied.ApiCountLimitForOrg',
  '90020',
]);

/** Old-API answers for an expired or unknown access token [codes from community error tables]. */
const TOKEN_CODES: ReadonlySet<string> = new Set(['40014', '42001', '88']);

export type DingtalkErrorKind =
  | 'rate_limited'
  | 'quota_exceeded'
  | 'server_error'
  | 'network_error'
  | 'unauthorized'
  | 'api_error';

export class DingtalkApiError extends Error {
  override readonly name = 'DingtalkApiError';
  constructor(
    readonly kind: DingtalkErrorKind,
    message: string,
    readonly details: { api: string; status?: number; code?: string; attempts: number },
  ) {
    super(message);
  }
}

export interface Failure {
  kind: DingtalkErrorKind;
  retryable: boolean;
  status?: number;
  code?: string;
  message: string;
}

/** The error code of a body, new style (`code`) or old (`errcode`, 0 meaning success). */
export function bodyCode(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message, errcode, errmsg } = body as Record<string, unknown>;
  if (typeof errcode === 'number' && errcode !== 0) {
    return { code: String(errcode), ...(typeof errmsg === 'string' ? { message: errmsg } : {}) };
  }
  if (typeof code === 'string' && code) {
    return { code, ...(typeof message === 'string' ? { message } : {}) };
  }
  return {};
}

/** Undefined for a success. `json` is false when the body was not JSON (the per-IP ban is an HTML page). */
export function classifyResponse(status: number, body: unknown, json: boolean): Failure | undefined {
  const { code, message } = bodyCode(body);
  const base = { status, ...(code !== undefined ? { code } : {}), message: message ?? `HTTP ${status}` };
  if (code !== undefined && QUOTA_CODES.has(code))
    return { ...base, kind: 'quota_exceeded', retryable: false };
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    return { ...base, kind: 'rate_limited', retryable: true };
  }
  if (status === 401 || (code !== undefined && TOKEN_CODES.has(code))) {
    return { ...base, kind: 'unauthorized', retryable: false };
  }
  if (status >= 500 || !json) return { ...base, kind: 'server_error', retryable: true };
  if (status >= 400 || code !== undefined) return { ...base, kind: 'api_error', retryable: false };
  if ((body as { success?: unknown } | null)?.success === false) {
    return { ...base, kind: 'api_error', retryable: false };
  }
  return undefined;
}

export function networkFailure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'network_error', retryable: true, message };
}
