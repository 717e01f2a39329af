// One Open API call with bounded retries: rate limits wait `x-ogw-ratelimit-reset` seconds (or back off),
// 5xx and transport failures back off exponentially, every other failure is thrown at once.

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
  for (let n = 1; ; n += 1) {
    let failure: Failure;
    try {
      const body = await attempt();
      const bad = classifyBody(body);
      if (!bad) return body;
      failure = bad;
    } catch (error) {
      failure = classifyThrown(error);
    }
    if (failure.kind === 'rate_limited') policy.metrics?.count('rate_limited', { platform: 'feishu' });
    if (!failure.retryable || n >= policy.maxAttempts) {
      throw new FeishuApiError(failure.kind, `${label}: ${failure.message}`, {
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        ...(failure.code !== undefined ? { code: failure.code } : {}),
        attempts: n,
      });
    }
    const delay = delayFor(failure, n, policy);
    policy.metrics?.count('retries', { platform: 'feishu', kind: failure.kind });
    policy.logger.warn({ label, attempt: n, kind: failure.kind, code: failure.code, delay }, 'feishu retry');
    await policy.sleep(delay);
  }
}

function delayFor(failure: Failure, attempt: number, policy: RetryPolicy): number {
  if (failure.resetSeconds !== undefined && failure.resetSeconds > 0) return failure.resetSeconds * 1000;
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}
