// /metrics in Prometheus text format (Node): what the channels count (channels/metrics.ts), the inbox's
// depth and each long connection's state, read when scraped. prom-client keeps the counters.
import { Counter, Gauge, Registry } from 'prom-client';
import type { ConnectionSnapshot } from '../channels/connection/status.ts';
import type { ChannelMetrics, CounterName } from '../channels/metrics.ts';

export interface Metrics {
  channel: ChannelMetrics;
  contentType: string;
  text(): Promise<string>;
}

export interface MetricSources {
  /** Chat messages taken in and not yet answered. */
  waitingMessages(): Promise<number>;
  connections(): readonly ConnectionSnapshot[];
}

const COUNTERS: Record<CounterName, { name: string; help: string; labels: string[] }> = {
  events: {
    name: 'bangfu_events_total',
    help: 'Events taken in (chat messages, card presses), by platform, way in and kind.',
    labels: ['platform', 'mode', 'kind'],
  },
  rejections: {
    name: 'bangfu_rejections_total',
    help: 'Requests refused before they were read, by platform and reason.',
    labels: ['platform', 'reason'],
  },
  sent: {
    name: 'bangfu_messages_sent_total',
    help: 'Messages sent, by platform and purpose (reply, rem = reminder, …).',
    labels: ['platform', 'purpose'],
  },
  retries: {
    name: 'bangfu_api_retries_total',
    help: 'Open API calls tried again, by platform and failure kind.',
    labels: ['platform', 'kind'],
  },
  rate_limited: {
    name: 'bangfu_api_rate_limited_total',
    help: 'Open API answers saying too many requests (429 and the platforms’ codes), by platform.',
    labels: ['platform'],
  },
  receipt_calls: {
    name: 'bangfu_receipt_calls_total',
    help: 'Read-status and urge (加急, DING) calls to the platforms, by platform and API.',
    labels: ['platform', 'api'],
  },
};

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  const counters = Object.fromEntries(
    Object.entries(COUNTERS).map(([key, { name, help, labels }]) => [
      key,
      new Counter({ name, help, labelNames: labels, registers: [registry] }),
    ]),
  ) as Record<CounterName, Counter>;
  new Gauge({
    name: 'bangfu_inbox_waiting',
    help: 'Chat messages taken in and not yet answered.',
    registers: [registry],
    async collect() {
      this.set(await sources.waitingMessages());
    },
  });
  const perConnection = (name: string, help: string, value: (c: ConnectionSnapshot) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['platform', 'mode'],
      registers: [registry],
      collect() {
        this.reset();
        for (const c of sources.connections()) {
          const v = value(c);
          if (v !== null) this.set({ platform: c.platform, mode: c.mode }, v);
        }
      },
    });
  perConnection('bangfu_connection_up', 'Whether the long connection is established (1) or not (0).', (c) =>
    c.state === 'connected' ? 1 : 0,
  );
  perConnection('bangfu_connection_drops', 'Times the long connection was lost since start.', (c) => c.drops);
  perConnection(
    'bangfu_connection_events',
    'Events received over the long connection since start.',
    (c) => c.events,
  );
  perConnection('bangfu_connection_last_event_seconds', 'Unix time of the last event over it.', (c) =>
    c.lastEventAt ? Date.parse(c.lastEventAt) / 1000 : null,
  );
  return {
    channel: {
      count(name, labels) {
        counters[name].inc(labels);
      },
    },
    contentType: registry.contentType,
    text: () => registry.metrics(),
  };
}
