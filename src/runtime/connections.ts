// The long connections the configuration asks for (Feishu's long connection, DingTalk's Stream), on
// Node only: they hand events to the same handling as the webhooks (compose.ts platformDeps) and are
// stopped before the process exits. Workers serve webhooks only.
import type { Agent } from 'node:http';
import type { Inbox } from '../app/inbox.ts';
import type { Backoff } from '../channels/connection/backoff.ts';
import type { SocketLoop } from '../channels/connection/socket-loop.ts';
import { type ConnectionSnapshot, createConnectionStatus } from '../channels/connection/status.ts';
import { startDingtalkStream } from '../channels/dingtalk/stream.ts';
import { startFeishuLongConnection } from '../channels/feishu/long-connection.ts';
import type { JsonTransport } from '../channels/json-transport.ts';
import { type Channels, dingtalkDeps, feishuDeps, platformDeps, type Runtime } from './compose.ts';
import type { Config } from './config.ts';

export interface Connections {
  snapshots(): ConnectionSnapshot[];
  /** Closes every connection; resolves once they are closed. */
  stop(): Promise<void>;
}

export interface ConnectionSettings {
  transport: JsonTransport;
  agentFor?: (url: string) => Agent | undefined;
  /** Tests shorten these; production uses the platforms' own and the defaults. */
  backoff?: Backoff;
  pongTimeoutMs?: number;
  dingtalkPingIntervalMs?: number;
}

export function startConnections(
  config: Config,
  runtime: Runtime,
  channels: Channels,
  inbox: Inbox,
  settings: ConnectionSettings,
): Connections {
  const common = platformDeps(runtime, channels, inbox);
  const loops: SocketLoop[] = [];
  const statuses: (() => ConnectionSnapshot)[] = [];
  const shared = {
    transport: settings.transport,
    ...(settings.agentFor ? { agentFor: settings.agentFor } : {}),
    ...(settings.backoff ? { backoff: settings.backoff } : {}),
    ...(settings.pongTimeoutMs !== undefined ? { pongTimeoutMs: settings.pongTimeoutMs } : {}),
    logger: runtime.logger,
  };
  if (config.feishu?.mode === 'long-connection') {
    const status = createConnectionStatus('feishu', 'long-connection', runtime.now);
    statuses.push(status.snapshot);
    loops.push(
      startFeishuLongConnection({
        ...shared,
        appId: config.feishu.appId,
        appSecret: config.feishu.appSecret,
        domain: config.feishu.domain,
        deps: { ...common, ...feishuDeps(config.feishu, channels.feishu), via: 'long-connection' },
        ...(config.feishu.encryptKey ? { encryptKey: config.feishu.encryptKey } : {}),
        status,
      }),
    );
  }
  if (config.dingtalk?.mode === 'stream' && channels.dingtalk) {
    const status = createConnectionStatus('dingtalk', 'stream', runtime.now);
    statuses.push(status.snapshot);
    loops.push(
      startDingtalkStream({
        ...shared,
        appKey: config.dingtalk.appKey,
        appSecret: config.dingtalk.appSecret,
        baseUrl: config.dingtalk.baseUrl,
        deps: { ...common, ...dingtalkDeps(channels.dingtalk), via: 'stream' },
        userAgent: `bangfu-bot/${runtime.version}`,
        ...(settings.dingtalkPingIntervalMs !== undefined
          ? { pingIntervalMs: settings.dingtalkPingIntervalMs }
          : {}),
        status,
      }),
    );
  }
  return {
    snapshots: () => statuses.map((snapshot) => snapshot()),
    stop: async () => {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
