// Both JsonTransports — fetch (Workers, the default) and node:http (the Node entry) — against one real
// loopback server: what goes out, what comes back, and that only a missing answer throws.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport, type JsonTransport } from '../../src/channels/json-transport.ts';
import { nodeHttpTransport } from '../../src/runtime/node-http-transport.ts';

let server: Server;
let base = '';
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    if (req.url?.startsWith('/slow')) return; // never answers
    if (req.url?.startsWith('/cut')) {
      // Promises more than it sends, then hangs up.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"code":0,');
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (req.url?.startsWith('/limited')) {
      res.writeHead(429, [
        ['content-type', 'application/json'],
        ['x-note', 'a'],
        ['x-note', 'b'],
      ]);
      return res.end('{"code":99991400,"msg":"限流"}');
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code: 0, echo: JSON.parse(body) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const transports: [string, () => JsonTransport][] = [
  ['fetch', () => fetchTransport(fetch)],
  ['node:http', () => nodeHttpTransport()],
];

describe.each(transports)('%s transport', (_name, make) => {
  const transport = make();

  it('sends the method, headers and body, and answers status, headers and text', async () => {
    const body = JSON.stringify({ receive_id: 'oc_1', text: '帮扶台账' });
    const answer = await transport({
      method: 'PUT',
      url: `${base}/open-apis/im/v1/messages?receive_id_type=chat_id`,
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer t-1' },
      body,
      timeoutMs: 5000,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.text)).toEqual({ code: 0, echo: { receive_id: 'oc_1', text: '帮扶台账' } });
    const request = seen.at(-1);
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/open-apis/im/v1/messages?receive_id_type=chat_id');
    expect(request?.headers.authorization).toBe('Bearer t-1');
    expect(request?.body).toBe(body);
  });

  it('answers an error status instead of throwing, repeated headers joined', async () => {
    const answer = await transport({
      method: 'POST',
      url: `${base}/limited`,
      headers: {},
      body: '{}',
      timeoutMs: 5000,
    });
    expect(answer.status).toBe(429);
    expect(answer.headers['x-note']).toBe('a, b');
    expect(JSON.parse(answer.text)).toEqual({ code: 99991400, msg: '限流' });
  });

  it('throws when nothing answers: refused, or silent past the timeout', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await expect(
      transport({
        method: 'POST',
        url: `http://127.0.0.1:${port}/`,
        headers: {},
        body: '{}',
        timeoutMs: 5000,
      }),
    ).rejects.toThrow();
    const started = Date.now();
    await expect(
      transport({ method: 'POST', url: `${base}/slow`, headers: {}, body: '{}', timeoutMs: 300 }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('throws when the answer is cut off halfway', async () => {
    await expect(
      transport({ method: 'POST', url: `${base}/cut`, headers: {}, body: '{}', timeoutMs: 5000 }),
    ).rejects.toThrow();
  });
});
