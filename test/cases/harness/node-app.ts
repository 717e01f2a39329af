// The app as `npm start` composes it (composeApp over a seeded SQLite file, configured from the given
// environment) served over real HTTP on 127.0.0.1, seen the way the case drivers need it.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { inboxEach } from '../../../src/app/inbox.ts';
import {
  composeApp,
  composeChannels,
  inboxDeps,
  type Runtime,
  settleChannels,
  sweeper,
} from '../../../src/runtime/compose.ts';
import { readConfig } from '../../../src/runtime/config.ts';
import { type Connections, startConnections } from '../../../src/runtime/connections.ts';
import { createMetrics } from '../../../src/runtime/metrics.ts';
import { nodeHttpTransport } from '../../../src/runtime/node-http-transport.ts';
import type { OutboundProxy } from '../../../src/runtime/proxy.ts';
import { waitingMessages } from '../../../src/store/inbox-repo.ts';
import type { OpenedStore } from '../../../src/store/open.ts';
import type { TempDb } from '../../support/demo-store.ts';
import type { AppUnderTest } from '../harness.ts';

export async function serveNodeApp(options: {
  store: OpenedStore;
  db: TempDb;
  env: Record<string, string>;
  now: Date;
  /** Closed with the app (the fake Open API). */
  fake: { close(): Promise<void> };
  /** As node.ts with HTTPS_PROXY set: every call out through it. */
  proxy?: OutboundProxy;
  /** Default: silent. */
  logger?: Runtime['logger'];
  /** A clock the test moves; default: `now`, standing still. */
  clock?: () => Date;
}): Promise<AppUnderTest> {
  const { store, db, env, now, fake, proxy } = options;
  const configured = readConfig(env);
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const pending: Promise<unknown>[] = [];
  const runtime: Runtime = {
    store,
    now: options.clock ?? (() => now),
    logger: options.logger ?? pino({ level: 'silent' }),
    defer: (work) => void pending.push(work),
    worker: 'cases',
    version: 'test',
    // As node.ts: the platforms' JSON calls through node:http (the workerd harnesses use fetch).
    transport: nodeHttpTransport(proxy ? { agentFor: proxy.agentFor } : {}),
    ...(proxy ? { fetch: proxy.fetch } : {}),
  };
  let connections: Connections | undefined;
  runtime.connections = () => connections?.snapshots() ?? [];
  // As node.ts: counters at /metrics.
  runtime.metrics = createMetrics({
    waitingMessages: () => waitingMessages(store),
    connections: () => connections?.snapshots() ?? [],
  });
  const channels = composeChannels(configured.config, runtime);
  // As node.ts: the bot's open_id asked for when not configured.
  await settleChannels(channels, runtime.logger);
  const config = configured.config;
  const inbox = inboxEach(inboxDeps(runtime, channels));
  const app = composeApp(config, runtime, channels, inbox);
  // As node.ts: the long connections the configuration asks for (none for webhooks), with short waits.
  connections = startConnections(runtime, channels, inbox, {
    transport: runtime.transport as NonNullable<Runtime['transport']>,
    ...(proxy ? { agentFor: proxy.agentFor } : {}),
    backoff: { baseMs: 20, maxMs: 200 },
    pongTimeoutMs: 1000,
    pingIntervalMs: 500,
  });
  const settle = async () => {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  };
  const sweep = sweeper(channels, runtime);
  const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    store,
    async request(path, init) {
      const response = await fetch(`${base}${path}`, init);
      // Read the body before the deferred work is awaited, as the platform would have it by then.
      const body = await response.arrayBuffer();
      await settle();
      return new Response(body, { status: response.status, headers: response.headers });
    },
    async sweep(at) {
      const result = await sweep(at);
      return { sent: result.sent, failed: result.failed };
    },
    settle,
    connections: () => connections?.snapshots() ?? [],
    async close() {
      await connections?.stop();
      await settle();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await store.close();
      await db.cleanup();
    },
  };
}
