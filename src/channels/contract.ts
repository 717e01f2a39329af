// The channel contract: what a chat platform gives the runtime. Each platform implements it in one
// file (channels/<platform>/channel.ts) and runtime/platforms.ts lists them, one line each; the runtime
// only iterates that list. A channel knows its own settings, never the configuration as a whole.
import type { Agent } from 'node:http';
import type { Hono } from 'hono';
import type { z } from 'zod';
import type {
  BatchMessenger,
  BotResponse,
  Card,
  Directory,
  FileSource,
  InboundEvent,
  Messenger,
  Platform,
} from '../conversation/model.ts';
import type { Receipts } from '../conversation/receipts.ts';
import type { Backoff } from './connection/backoff.ts';
import type { SocketLoop, WebSocketClass } from './connection/socket-loop.ts';
import {
  type ConnectionSnapshot,
  type ConnectionStatus,
  createConnectionStatus,
} from './connection/status.ts';
import type { JsonTransport } from './json-transport.ts';
import type { ChannelLogger } from './logger.ts';
import type { IntakeDeps } from './message-intake.ts';
import type { ChannelMetrics } from './metrics.ts';

/** The platforms people chat on (the console is the bot's own page, not one of them). */
export type ChatPlatform = Exclude<Platform, 'console'>;

/** What a platform's client is to the bot: it sends, finds accounts, fetches files sent in, and tells
 *  who read what it sent (and urges what stayed unread). */
export type PlatformClient = Messenger & Directory & FileSource & Receipts;

/** What the runtime gives a channel to make its client. */
export interface ClientContext {
  logger: ChannelLogger;
  now(): Date;
  /** The JSON calls (Node: node:http through the proxy); absent, fetch. */
  transport?: JsonTransport;
  fetch?: typeof fetch;
  metrics?: ChannelMetrics;
}

/** What every way in (webhook, long connection, stream) hands a platform's events to: the runtime's
 *  claims, inbox and bot (compose.ts platformHandling). */
export interface Handling extends IntakeDeps {
  dispatch(event: InboundEvent): Promise<BotResponse>;
  messenger: Messenger;
  errorToast: string;
  workingToast: string;
  now(): Date;
  /** Records a request's signature with its message; false when it came before with another. */
  useSignature(signature: string, messageId: string): Promise<boolean>;
}

/** The handling with the platform's own way to update a card pressed whose answer came too late. */
export interface PlatformHandling extends Handling {
  updateCard(ref: string, card: Card): Promise<void>;
}

/** What a connection out needs of the runtime (Node only). */
export interface ConnectOptions {
  WebSocket: WebSocketClass;
  transport: JsonTransport;
  agentFor?: (url: string) => Agent | undefined;
  /** Tests shorten these; production uses the platforms' own and the defaults. */
  backoff?: Backoff;
  pongTimeoutMs?: number;
  /** Pings every this long, where the client sets the pace (DingTalk; Feishu's gateway sets its own). */
  pingIntervalMs?: number;
  userAgent: string;
  logger: ChannelLogger;
  now(): Date;
}

/** What every platform's connection out takes of the options as they are. */
export function socketOptions(options: ConnectOptions) {
  return {
    WebSocket: options.WebSocket,
    transport: options.transport,
    ...(options.agentFor ? { agentFor: options.agentFor } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.pongTimeoutMs !== undefined ? { pongTimeoutMs: options.pongTimeoutMs } : {}),
    logger: options.logger,
  };
}

/** A connection out as the runtime sees it: its state for /health and /metrics, and a way to close. */
export interface LiveConnection {
  snapshot(): ConnectionSnapshot;
  /** Closes it and stops reconnecting; resolves once closed. */
  stop(): Promise<void>;
}

/** A connection out started by `start` with a status of its own for /health and /metrics. */
export function liveConnection(
  name: { platform: ChatPlatform; mode: string },
  options: ConnectOptions,
  start: (status: ConnectionStatus) => SocketLoop,
): LiveConnection {
  const status = createConnectionStatus(name.platform, name.mode, options.now);
  const loop = start(status);
  return { snapshot: status.snapshot, stop: () => loop.stop() };
}

/** A platform's part of the configuration as read: off (null), on with its settings, or what is wrong. */
export type SettingsRead<Settings> =
  | { ok: true; settings: Settings | null }
  | { ok: false; errors: string[] };

/** One chat platform. `Settings` are its part of the configuration, `Client` its Open API client. */
export interface PlatformChannel<Settings, Client extends PlatformClient> {
  readonly platform: ChatPlatform;
  /** The environment variables it reads and what each must hold (validated with all the others). */
  readonly env: z.ZodRawShape;
  /** Its settings from the validated environment. */
  readSettings(env: Record<string, unknown>): SettingsRead<Settings>;
  createClient(settings: Settings, context: ClientContext): Client;
  /** What the settings leave out, asked of the platform once before serving (Feishu: the bot's own
   *  open_id). A failure only warns: the settings are served as they are. */
  settle?(settings: Settings, client: Client, logger: ChannelLogger): Promise<Settings>;
  /** How a card pressed is updated once its answer comes too late (the late press). */
  lateUpdate(client: Client): (ref: string, card: Card) => Promise<void>;
  /** Where the platform sends one message to many people in one call (reminder cards). */
  batcher?(client: Client): BatchMessenger;
  /** True when the settings have the bot connect out instead of waiting for webhooks. */
  connectsOut(settings: Settings): boolean;
  /** How the platform reaches the bot, in words for the start banner. */
  describe(settings: Settings): string;
  /** The routes the platform posts to, when it does not connect out; null when the settings lack what
   *  they need to check a request. */
  webhook(settings: Settings, handling: PlatformHandling): Hono | null;
  /** The connection out, started, when the settings have the bot connect out. */
  connect(settings: Settings, handling: PlatformHandling, options: ConnectOptions): LiveConnection;
}

/** A platform the configuration turns on, its client made and its settings bound: what the runtime
 *  iterates over (runtime/platforms.ts opens them). */
export interface OpenChannel {
  readonly platform: ChatPlatform;
  readonly client: PlatformClient;
  /** Its one-call-for-many sender, where it has one. */
  readonly batcher: BatchMessenger | null;
  settle(logger: ChannelLogger): Promise<void>;
  webhook(handling: Handling): Hono | null;
  connect(handling: Handling, options: ConnectOptions): LiveConnection | null;
}

export function openChannel<Settings, Client extends PlatformClient>(
  channel: PlatformChannel<Settings, Client>,
  initial: Settings,
  context: ClientContext,
): OpenChannel {
  let settings = initial;
  const client = channel.createClient(settings, context);
  // One way in or the other: webhooks, or a connection out.
  const connectsOut = channel.connectsOut(settings);
  const withLateUpdate = (handling: Handling): PlatformHandling => ({
    ...handling,
    updateCard: channel.lateUpdate(client),
  });
  return {
    platform: channel.platform,
    client,
    batcher: channel.batcher ? channel.batcher(client) : null,
    async settle(logger) {
      if (channel.settle) settings = await channel.settle(settings, client, logger);
    },
    webhook: (handling) => (connectsOut ? null : channel.webhook(settings, withLateUpdate(handling))),
    connect: (handling, options) =>
      connectsOut ? channel.connect(settings, withLateUpdate(handling), options) : null,
  };
}
