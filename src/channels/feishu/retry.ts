// One Open API call with bounded retries: rate limits wait `x-ogw-ratelimit-reset` seconds (or back off),
// 5xx and transport failures back off exponentially, every other failure is thrown at once.

import { retrying } from '../kit/retry.ts';
import type { ChannelLogger } from '../logger.ts';
import type { ChannelMetrics } from '../metrics.ts';
import { classifyBody, classifyThrown, type Failure, FeishuApiError } from './errors.ts';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  logger: ChannelLogger;
  metrics?: ChannelMetrics;
}

export const DEFAULT_RETRY = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 } as const;

/** Calls `attempt` (which returns the response body) until it succeeds or a failure is final. */
export async function withRetry<T>(
  label: string,
  policy: RetryPolicy,
  attempt: () => Promise<T>,
): Promise<T> {
  return retrying<T, Failure>(
    label,
    policy,
    {
      platform: 'feishu',
      delay: (failure, n) =>
        failure.resetSeconds !== undefined && failure.resetSeconds > 0
          ? failure.resetSeconds * 1000
          : Math.min(policy.baseDelayMs * 2 ** (n - 1), policy.maxDelayMs),
      fail: (failure, attempts) =>
        new FeishuApiError(failure.kind, `${label}: ${failure.message}`, {
          ...(failure.status !== undefined ? { status: failure.status } : {}),
          ...(failure.code !== undefined ? { code: failure.code } : {}),
          attempts,
        }),
    },
    async () => {
      try {
        const body = await attempt();
        const bad = classifyBody(body);
        return bad ? { ok: false, failure: bad } : { ok: true, value: body };
      } catch (error) {
        return { ok: false, failure: classifyThrown(error) };
      }
    },
  );
}
