// The Node entry's JsonTransport (see channels/json-transport.ts): undici's `request` over a keep-alive
// pool, with the call's timeout on the headers and on the body.
import { Agent, request } from 'undici';
import type { JsonTransport } from '../channels/json-transport.ts';

export function undiciTransport(): JsonTransport {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  return async ({ method, url, headers, body, timeoutMs }) => {
    const response = await request(url, {
      method,
      headers,
      body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await response.body.text();
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers: flat, text };
  };
}
