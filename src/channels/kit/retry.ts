// The retry loop both platforms' Open API calls run: an attempt succeeds, or fails for good (thrown as
// the platform's error), or waits as the platform says and tries again, counted and logged. What is
// retryable, how long to wait and what error to throw are each platform's.
import type { ChatPlatform } from '../contract.ts';
import type { ChannelLogger } from '../logger.ts';
import type { ChannelMetrics } from '../metrics.ts';

export interface RetryLoop {
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  logger: ChannelLogger;
  metrics?: ChannelMetrics;
}

export interface Failed {
  kind: string;
  retryable: boolean;
  code?: string | number | undefined;
}

export type Attempt<T, F extends Failed> = { ok: true; value: T } | { ok: false; failure: F };

export interface RetryRules<F extends Failed> {
  platform: ChatPlatform;
  /** How long to wait before attempt n + 1. */
  delay(failure: F, n: number): number;
  /** The error to throw when the failure is final. */
  fail(failure: F, attempts: number): Error;
  /** A failure put right at once (an expired token refreshed): try again without waiting. */
  recover?(failure: F, n: number): boolean;
}

export async function retrying<T, F extends Failed>(
  label: string,
  loop: RetryLoop,
  rules: RetryRules<F>,
  attempt: () => Promise<Attempt<T, F>>,
): Promise<T> {
  for (let n = 1; ; n += 1) {
    const result = await attempt();
    if (result.ok) return result.value;
    const { failure } = result;
    if (n < loop.maxAttempts && rules.recover?.(failure, n)) continue;
    if (failure.kind === 'rate_limited') loop.metrics?.count('rate_limited', { platform: rules.platform });
    if (!failure.retryable || n >= loop.maxAttempts) throw rules.fail(failure, n);
    const delay = rules.delay(failure, n);
    loop.metrics?.count('retries', { platform: rules.platform, kind: failure.kind });
    loop.logger.warn(
      { label, attempt: n, kind: failure.kind, code: failure.code, delay },
      `${rules.platform} retry`,
    );
    await loop.sleep(delay);
  }
}
