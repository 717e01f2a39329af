// Low-level Open API access: the app access token (cached until shortly before `expireIn`, refreshed
// once on a 401), pacing per API, retries, and a count of every call for the monthly quota.

import type { JsonTransport } from '../json-transport.ts';
import { classifyResponse, networkFailure } from './errors.ts';
import type { ApiPacer } from './pacer.ts';
import { type Attempt, type RetryPolicy, withRetry } from './retry.ts';

export interface ApiOptions {
  appKey: string;
  appSecret: string;
  /** New APIs, https://api.dingtalk.com. */
  baseUrl: string;
  /** Old APIs (contacts), https://oapi.dingtalk.com. */
  oapiBaseUrl: string;
  /** Media uploads (multipart). */
  fetch: typeof fetch;
  /** Every JSON call. */
  transport: JsonTransport;
  now: () => Date;
  policy: RetryPolicy;
  pacer: ApiPacer;
  timeoutMs: number;
}

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT';
  /** The path, which also names the API for pacing and counting. */
  path: string;
  body: unknown;
  /** Sent instead of the JSON body, as multipart/form-data (media upload). */
  form?: FormData;
  /** 'oapi' sends the token as `?access_token=`; 'api' (default) as `x-acs-dingtalk-access-token`. */
  host?: 'api' | 'oapi';
  /** The query string's parameters (a GET's arguments). */
  query?: Record<string, string>;
}

export interface DingtalkApi {
  call(request: ApiCall): Promise<unknown>;
  /** Calls sent (every attempt, token requests excluded), for one API path or in all. */
  callCount(path?: string): number;
}

const TOKEN_PATH = '/v1.0/oauth2/accessToken';
/** Refresh this long before DingTalk's expiry, so a token never dies in flight. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export function createDingtalkApi(options: ApiOptions): DingtalkApi {
  const counts = new Map<string, number>();
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  /** A JSON body goes through the transport; a form (media upload) through fetch. */
  async function send(
    url: string,
    init: { method: ApiCall['method']; headers: Record<string, string>; body: string | FormData },
  ): Promise<Attempt<unknown>> {
    let status: number;
    let text: string;
    try {
      if (typeof init.body === 'string') {
        ({ status, text } = await options.transport({
          ...init,
          body: init.body,
          url,
          timeoutMs: options.timeoutMs,
        }));
      } else {
        const response = await options.fetch(url, {
          ...init,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = response.status;
        text = await response.text().catch(() => '');
      }
    } catch (error) {
      return { ok: false, failure: networkFailure(error) };
    }
    let body: unknown;
    let json = true;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      json = false;
    }
    const failure = classifyResponse(status, body, json);
    return failure ? { ok: false, failure } : { ok: true, value: body };
  }

  async function fetchToken(): Promise<string> {
    const body = await withRetry(TOKEN_PATH, options.policy, () =>
      send(`${options.baseUrl}${TOKEN_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: options.appKey, appSecret: options.appSecret }),
      }),
    );
    const { accessToken, expireIn } = (body ?? {}) as { accessToken?: unknown; expireIn?: unknown };
    if (typeof accessToken !== 'string' || !accessToken) throw new Error(`${TOKEN_PATH}: no accessToken`);
    const lifetimeMs = (typeof expireIn === 'number' && expireIn > 0 ? expireIn : 7200) * 1000;
    token = {
      value: accessToken,
      expiresAt: options.now().getTime() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 2),
    };
    return accessToken;
  }

  /** One token request at a time, however many calls wait for it. */
  function accessToken(): Promise<string> {
    if (token && token.expiresAt > options.now().getTime()) return Promise.resolve(token.value);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    call(request) {
      const host = request.host ?? 'api';
      return withRetry(
        request.path,
        options.policy,
        async () => {
          const value = await accessToken();
          await options.pacer.acquire(request.path);
          counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
          const base = host === 'api' ? options.baseUrl : options.oapiBaseUrl;
          const query = new URLSearchParams(request.query ?? {});
          if (host === 'oapi') query.set('access_token', value);
          const url = `${base}${request.path}${query.size > 0 ? `?${query.toString()}` : ''}`;
          const headers: Record<string, string> = request.form ? {} : { 'content-type': 'application/json' };
          if (host === 'api') headers['x-acs-dingtalk-access-token'] = value;
          const body = request.form ?? JSON.stringify(request.body);
          return send(url, { method: request.method, headers, body });
        },
        () => {
          token = undefined;
        },
      );
    },
    callCount(path) {
      if (path !== undefined) return counts.get(path) ?? 0;
      return [...counts.values()].reduce((sum, n) => sum + n, 0);
    },
  };
}
