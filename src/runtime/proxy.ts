// The outbound proxy: every call out — the Open APIs (node:http), files (fetch) and the long
// connections (ws) — goes through the proxy the standard variables name (HTTPS_PROXY for https and wss,
// HTTP_PROXY for http and ws, ALL_PROXY for both; NO_PROXY lists hosts reached directly), as a CONNECT
// tunnel, so the proxy sees host names but never the traffic. proxy-from-env decides per URL; a WebSocket
// URL is asked about as the HTTP URL its upgrade request is. undici (for fetch) is loaded only when a
// proxy is configured: once used it holds ~25 MB (node-http-transport.ts).
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

export interface OutboundProxy {
  /** The proxy for `url`, or undefined to connect directly. */
  proxyFor(url: string): string | undefined;
  /** The agent for a node:http request or a WebSocket to `url`, undefined to connect directly. */
  agentFor(url: string): Agent | undefined;
  /** fetch, through the proxy where one applies. */
  fetch: typeof fetch;
}

const IDLE_MS = 30_000;

/** Null when no proxy variable is set (every call goes direct, nothing more is loaded). Reads
 *  process.env, as proxy-from-env does on every call (so NO_PROXY changes apply at once). */
export function outboundProxy(): OutboundProxy | null {
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];
  if (!names.some((name) => process.env[name])) return null;
  const agents = new Map<string, Agent>();
  const dispatchers = new Map<string, unknown>();
  let undici: Promise<typeof import('undici')> | undefined;

  const proxyFor = (url: string) => getProxyForUrl(url.replace(/^ws(s?):/, 'http$1:')) || undefined;

  return {
    proxyFor,
    agentFor(url) {
      const proxy = proxyFor(url);
      if (!proxy) return undefined;
      let agent = agents.get(proxy);
      if (!agent) {
        agent = new HttpsProxyAgent(proxy, { keepAlive: true, timeout: IDLE_MS }) as Agent;
        agents.set(proxy, agent);
      }
      return agent;
    },
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const proxy = proxyFor(url);
      if (!proxy) return fetch(input, init);
      undici ??= import('undici');
      const { fetch: proxiedFetch, ProxyAgent } = await undici;
      let dispatcher = dispatchers.get(proxy) as InstanceType<typeof ProxyAgent> | undefined;
      if (!dispatcher) {
        dispatcher = new ProxyAgent(proxy);
        dispatchers.set(proxy, dispatcher);
      }
      return proxiedFetch(input as Parameters<typeof proxiedFetch>[0], {
        ...(init as Parameters<typeof proxiedFetch>[1]),
        dispatcher,
      }) as unknown as Response;
    }) as typeof fetch,
  };
}
