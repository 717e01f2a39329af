// One Open API call with bounded retries: rate limits wait about a second (DingTalk's advice), 5xx, 504
// and transport failures back off exponentially, an expired token is refreshed once, and everything
// else (other 4xx, the monthly quota) is thrown at once as a DingtalkApiError.

import { type Attempt as KitAttempt, retrying } from '../kit/retry.ts';
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

export type Attempt<T> = KitAttempt<T, Failure>;

/** Runs `attempt` until it succeeds or fails for good. `refreshToken` is called on the first 401. */
export async function withRetry<T>(
  api: string,
  policy: RetryPolicy,
  attempt: () => Promise<Attempt<T>>,
  refreshToken?: () => void,
): Promise<T> {
  let refreshed = false;
  return retrying<T, Failure>(
    api,
    policy,
    {
      platform: 'dingtalk',
      recover: (failure) => {
        if (failure.kind !== 'unauthorized' || !refreshToken || refreshed) return false;
        refreshed = true;
        refreshToken();
        return true;
      },
      delay: (failure, n) =>
        failure.kind === 'rate_limited'
          ? policy.rateLimitDelayMs
          : Math.min(policy.baseDelayMs * 2 ** (n - 1), policy.maxDelayMs),
      fail: (failure, attempts) =>
        new DingtalkApiError(failure.kind, `${api}: ${failure.message}`, {
          api,
          ...(failure.status !== undefined ? { status: failure.status } : {}),
          ...(failure.code !== undefined ? { code: failure.code } : {}),
          attempts,
        }),
    },
    attempt,
  );
}
