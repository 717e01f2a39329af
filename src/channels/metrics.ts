// What the channels count for /metrics (runtime/metrics.ts turns it into Prometheus counters on Node;
// elsewhere nothing is counted). Labels are kinds and reasons, never ids or content.

export type CounterName =
  /** An event taken in: {platform, mode, kind}. */
  | 'events'
  /** A request refused before it was read: {platform, reason}. */
  | 'rejections'
  /** A message sent: {platform, purpose: reply | reminder}. */
  | 'sent'
  /** An Open API call tried again: {platform, kind}. */
  | 'retries'
  /** An Open API answer saying "too many": {platform}. */
  | 'rate_limited'
  /** A read-status or urge call to the platform: {platform, api: read_status | urge}. */
  | 'receipt_calls';

export interface ChannelMetrics {
  count(name: CounterName, labels: Record<string, string>): void;
}

export const noMetrics: ChannelMetrics = { count() {} };
