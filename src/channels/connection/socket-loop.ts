// One long-lived WebSocket to a platform, kept up: ask the platform where to connect (a fresh ticket
// each time), connect (through the proxy when one is configured), hand every frame on, ping on the
// protocol's schedule and replace a connection that answers nothing within `pongTimeoutMs` of a ping
// (half-open: the TCP connection looks alive but the far side is gone, which only silence reveals),
// and reconnect after any loss with exponential backoff and jitter. Delivery over it is at least once:
// what was in flight when a connection died comes again, and the channels' claims de-duplicate it.
import type { Agent } from 'node:http';
import type WebSocket from 'ws';
import type { ChannelLogger } from '../logger.ts';
import { type Backoff, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import type { ConnectionStatus } from './status.ts';

/** The open connection as a frame handler sees it. */
export interface Link {
  send(data: string | Uint8Array): void;
  /** Closes this connection and opens another at once (the platform asked the client to move). */
  replace(reason: string): void;
}

/** The WebSocket client class (ws). The Node entry gives it, so that no bundle without a long
 *  connection (the Worker's) carries ws. */
export type WebSocketClass = typeof WebSocket;

export interface SocketLoopOptions {
  /** Names the connection in logs. */
  name: string;
  WebSocket: WebSocketClass;
  /** Where to connect now; throws to be retried after the backoff. `fatal` errors are retried at the
   *  longest wait (a wrong secret does not mend by hammering the gateway). */
  endpoint(): Promise<string>;
  /** The HTTP agent of the WebSocket's upgrade request (the proxy), if any. */
  agentFor?: (url: string) => Agent | undefined;
  onFrame(data: Buffer, link: Link): void;
  /** Sends the protocol's keep-alive (default: a WebSocket ping). */
  ping?: (link: Link, socket: WebSocket) => void;
  /** Read before every ping: the platform may change it. */
  pingIntervalMs(): number;
  pongTimeoutMs: number;
  /** For the upgrade: no answer by then counts as a failed attempt. */
  handshakeTimeoutMs?: number;
  backoff?: Backoff;
  random?: () => number;
  status: ConnectionStatus;
  logger: ChannelLogger;
}

export interface SocketLoop {
  /** Closes the connection and stops reconnecting; resolves once it is closed. */
  stop(): Promise<void>;
}

/** An endpoint failure that retrying soon cannot mend (bad credentials, app not allowed). */
export class FatalEndpointError extends Error {}

export function startSocketLoop(options: SocketLoopOptions): SocketLoop {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const { logger, status, name } = options;
  const Socket = options.WebSocket;
  let stopped = false;
  let attempt = 0;
  let socket: WebSocket | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  function retry(error: string, fatal = false): void {
    if (stopped) return;
    const delay = fatal ? backoff.maxMs : backoffDelay(attempt, backoff, options.random);
    attempt += 1;
    status.set('reconnecting', error);
    logger.warn({ connection: name, attempt, delayMs: delay, error }, 'connection lost; reconnecting');
    retryTimer = setTimeout(connect, delay);
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (stopped) return;
    let url: string;
    try {
      url = await options.endpoint();
    } catch (error) {
      retry(describe(error), error instanceof FatalEndpointError);
      return;
    }
    if (stopped) return;
    open(url);
  }

  function open(url: string): void {
    const agent = options.agentFor?.(url);
    const ws = new Socket(url, {
      ...(agent ? { agent } : {}),
      handshakeTimeout: options.handshakeTimeoutMs ?? 15_000,
      perMessageDeflate: false,
    });
    socket = ws;
    let opened = false;
    let replacing: string | undefined;
    let refused: string | undefined;
    let lastInbound = Date.now();
    let pingTimer: NodeJS.Timeout | undefined;
    let pongTimer: NodeJS.Timeout | undefined;
    const alive = () => {
      lastInbound = Date.now();
    };
    const link: Link = {
      send(data) {
        if (ws.readyState === Socket.OPEN) ws.send(data);
      },
      replace(reason) {
        replacing = reason;
        ws.close(1000);
      },
    };
    const schedulePing = () => {
      pingTimer = setTimeout(() => {
        if (ws.readyState !== Socket.OPEN) return;
        const sentAt = Date.now();
        if (options.ping) options.ping(link, ws);
        else ws.ping();
        pongTimer = setTimeout(() => {
          if (lastInbound >= sentAt) return;
          logger.warn(
            { connection: name, silentMs: Date.now() - lastInbound },
            'connection silent; replacing',
          );
          replacing = 'no answer to ping';
          ws.terminate();
        }, options.pongTimeoutMs);
        schedulePing();
      }, options.pingIntervalMs());
    };

    ws.on('open', () => {
      opened = true;
      attempt = 0;
      alive();
      status.set('connected');
      logger.info({ connection: name }, 'connection established');
      schedulePing();
    });
    ws.on('message', (data: Buffer) => {
      alive();
      try {
        options.onFrame(data, link);
      } catch (error) {
        logger.error({ connection: name, err: error }, 'frame handling failed');
      }
    });
    ws.on('pong', alive);
    ws.on('ping', alive);
    ws.on('unexpected-response', (_request, response) => {
      // The gateway refused the upgrade (an expired ticket, a proxy's refusal): a failed attempt.
      refused = `upgrade refused: HTTP ${response.statusCode ?? 0}`;
      ws.terminate();
    });
    ws.on('error', (error) => {
      logger.warn({ connection: name, error: describe(error) }, 'connection error');
    });
    ws.on('close', (code) => {
      clearTimeout(pingTimer);
      clearTimeout(pongTimer);
      if (socket === ws) socket = undefined;
      if (stopped) return;
      if (replacing !== undefined && opened) {
        status.set('reconnecting', replacing);
        logger.info({ connection: name, reason: replacing }, 'connection replaced');
        // A move the platform asked for, or a silent connection: connect again at once.
        retryTimer = setTimeout(connect, 0);
        return;
      }
      retry(opened ? `connection closed (${code})` : (refused ?? 'could not connect'));
    });
  }

  void connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      status.set('stopped');
      const ws = socket;
      if (!ws || ws.readyState === Socket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => ws.terminate(), 2000);
        ws.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (ws.readyState === Socket.CONNECTING) ws.terminate();
        else ws.close(1000);
      });
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
