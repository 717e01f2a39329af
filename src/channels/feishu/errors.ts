// Classifying Open API failures: what is retried, after how long, and the typed error thrown at the end.

/** Feishu's general rate-limit code and the message API's own (FD 频控策略, FD 发送消息). */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([99991400, 230020]);

export type FeishuErrorKind = 'rate_limited' | 'server_error' | 'network_error' | 'api_error';

export class FeishuApiError extends Error {
  override readonly name = 'FeishuApiError';
  constructor(
    readonly kind: FeishuErrorKind,
    message: string,
    readonly details: { status?: number; code?: number; attempts: number },
  ) {
    super(message);
  }
}

export interface Failure {
  kind: FeishuErrorKind;
  retryable: boolean;
  /** Seconds from `x-ogw-ratelimit-reset`, when Feishu said how long to wait. */
  resetSeconds?: number;
  status?: number;
  code?: number;
  message: string;
}

interface HttpishError {
  isAxiosError?: boolean;
  /** Set by open-api.ts on a transport failure. */
  network?: boolean;
  code?: unknown;
  message?: unknown;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

function bodyCode(data: unknown): { code?: number; msg?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const { code, msg } = data as { code?: unknown; msg?: unknown };
  return {
    ...(typeof code === 'number' ? { code } : {}),
    ...(typeof msg === 'string' ? { msg } : {}),
  };
}

function resetSeconds(headers: Record<string, unknown> | undefined): number | undefined {
  const raw = headers?.['x-ogw-ratelimit-reset'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** A response body that came back with HTTP 2xx but a non-zero code. */
export function classifyBody(data: unknown): Failure | undefined {
  const { code, msg } = bodyCode(data);
  if (code === undefined || code === 0) return undefined;
  const limited = RATE_LIMIT_CODES.has(code);
  return {
    kind: limited ? 'rate_limited' : 'api_error',
    retryable: limited,
    code,
    message: `Feishu code ${code}: ${msg ?? ''}`.trim(),
  };
}

/** A thrown error: an HTTP error (≥ 400, with its response), a transport failure, or anything else. */
export function classifyThrown(error: unknown): Failure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const response = e.response;
  if (!response) {
    // No response at all: a transport failure (refused, reset, timeout) is worth retrying; other
    // errors (e.g. "no tenant_access_token") are not.
    const network = e.isAxiosError === true || e.network === true;
    return { kind: network ? 'network_error' : 'api_error', retryable: network, message };
  }
  const status = response.status ?? 0;
  const { code, msg } = bodyCode(response.data);
  const base = { status, ...(code !== undefined ? { code } : {}), message: msg ?? message };
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    const reset = resetSeconds(response.headers);
    return {
      ...base,
      kind: 'rate_limited',
      retryable: true,
      ...(reset !== undefined ? { resetSeconds: reset } : {}),
    };
  }
  if (status >= 500) return { ...base, kind: 'server_error', retryable: true };
  return { ...base, kind: 'api_error', retryable: false };
}
