// The connections out the configuration asks for (Feishu's long connection, DingTalk's Stream), on
// Node only: each platform (channels/contract.ts) starts its own on the same handling as the webhooks
// (compose.ts platformHandling), and they are stopped before the process exits. Workers serve webhooks
// only. The WebSocket client (ws) is given here, so that the Worker's bundle carries none.
import type { Agent } from 'node:http';
import WebSocket from 'ws';
import type { Inbox } from '../app/inbox.ts';
import type { Backoff } from '../channels/connection/backoff.ts';
import type { ConnectionSnapshot } from '../channels/connection/status.ts';
import type { LiveConnection } from '../channels/contract.ts';
import type { JsonTransport } from '../channels/json-transport.ts';
import { type Channels, platformHandling, type Runtime } from './compose.ts';

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
  /** Pings where the client sets the pace (DingTalk's Stream). */
  pingIntervalMs?: number;
}

export function startConnections(
  runtime: Runtime,
  channels: Channels,
  inbox: Inbox,
  settings: ConnectionSettings,
): Connections {
  const handling = platformHandling(runtime, channels, inbox);
  const options = {
    WebSocket,
    ...settings,
    userAgent: `bangfu-bot/${runtime.version}`,
    logger: runtime.logger,
    now: runtime.now,
  };
  const live: LiveConnection[] = channels.platforms.flatMap(
    (channel) => channel.connect(handling, options) ?? [],
  );
  return {
    snapshots: () => live.map((connection) => connection.snapshot()),
    stop: async () => {
      await Promise.all(live.map((connection) => connection.stop()));
    },
  };
}
