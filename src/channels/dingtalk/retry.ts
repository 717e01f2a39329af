// One Open API call with bounded retries: rate limits wait about a second (DingTalk's advice), 5xx, 504
// and transport failures back off exponentially, an expired token is refreshed once, and everything
// else (other 4xx, the monthly quota) is thrown at once as a DingtalkApiError.

import type { ChannelLogger } from '../logger.ts';
import type { ChannelMetrics } from '../metrics.ts';
import { DingtalkApiError, type Failure } from './errors.ts';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  rateLimitDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  logger: ChannelLogger;
  metrics?: ChannelMetrics;
}

export const DEFAULT_RETRY = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitDelayMs: 1000,
} as const;

export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** Runs `attempt` until it succeeds or fails for good. `refreshToken` is called on the first 401. */
export async function withRetry<T>(
  api: string,
  policy: RetryPolicy,
  attempt: () => Promise<Attempt<T>>,
  refreshToken?: () => void,
): Promise<T> {
  let refreshed = false;
  for (let n = 1; ; n += 1) {
    const result = await attempt();
    if (result.ok) return result.value;
    const { failure } = result;
    if (failure.kind === 'unauthorized' && refreshToken && !refreshed && n < policy.maxAttempts) {
      refreshed = true;
      refreshToken();
      continue;
    }
    if (failure.kind === 'rate_limited') policy.metrics?.count('rate_limited', { platform: 'dingtalk' });
    if (!failure.retryable || n >= policy.maxAttempts) {
      throw new DingtalkApiError(failure.kind, `${api}: ${failure.message}`, {
        api,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        ...(failure.code !== undefined ? { code: failure.code } : {}),
        attempts: n,
      });
    }
    const delay =
      failure.kind === 'rate_limited'
        ? policy.rateLimitDelayMs
        : Math.min(policy.baseDelayMs * 2 ** (n - 1), policy.maxDelayMs);
    policy.metrics?.count('retries', { platform: 'dingtalk', kind: failure.kind });
    policy.logger.warn({ api, attempt: n, kind: failure.kind, code: failure.code, delay }, 'dingtalk retry');
    await policy.sleep(delay);
  }
}
