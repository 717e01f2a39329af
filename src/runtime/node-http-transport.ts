// The Node entry's JsonTransport (see channels/json-transport.ts): Node's own HTTP client over keep-alive
// agents. It parses answers with the native llhttp; undici — from npm, or behind Node's fetch — runs
// llhttp as WebAssembly and, once used, holds ~25 MB more of the serving process's memory (measured:
// 200 calls on loopback, 3 MB with node:http), a sixth of its 150 MB budget.
import http from 'node:http';
import https from 'node:https';
import type { JsonResponse, JsonTransport } from '../channels/json-transport.ts';

// An idle connection is closed after this long (as undici did): one a NAT or firewall has silently
// dropped would otherwise hang the next call until its deadline.
const IDLE_MS = 30_000;

export function nodeHttpTransport(
  settings: { agentFor?: (url: string) => http.Agent | undefined } = {},
): JsonTransport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
    'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
  };
  return ({ method, url, headers, body, timeoutMs }) =>
    new Promise<JsonResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const options = {
        method,
        headers:
          method === 'GET' ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // Through the proxy when one applies to this URL (proxy.ts).
        agent: settings.agentFor?.(url) ?? (secure ? agents['https:'] : agents['http:']),
      };
      // One deadline for the whole call, answer included (as fetch's AbortSignal.timeout).
      const timer = setTimeout(
        () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      const request = (secure ? https : http).request(target, options, (response) => {
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: flatHeaders(response.headers), text });
        });
        response.on('close', () => {
          if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
        });
      });
      request.on('error', fail);
      request.end(method === 'GET' ? undefined : body);
    });
}

/** Node joins repeated headers with ', ' already, all but set-cookie, which it keeps as a list. */
function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
