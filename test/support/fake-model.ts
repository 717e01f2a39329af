// A loopback stand-in for an on-premises OpenAI-compatible model service (vLLM, Ollama): real HTTP on
// 127.0.0.1, POST /v1/chat/completions answered as the test says — a reply's content, a status, or
// nothing at all (a model too slow) — and every request kept, headers and body, for the test to read.
// A test inside workerd, which cannot reach this object, uses POST /__test/answer and GET
// /__test/requests instead.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ModelBehaviour = { content: string } | { status: number } | { hang: true };

export interface FakeModel {
  /** The base URL the client is given (…/v1). */
  url: string;
  requests: { headers: IncomingMessage['headers']; body: string }[];
  answer(behaviour: ModelBehaviour): void;
  close(): Promise<void>;
}

export async function startFakeModel(): Promise<FakeModel> {
  let behaviour: ModelBehaviour = { status: 503 };
  const requests: FakeModel['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/__test/answer') {
        behaviour = JSON.parse(body) as ModelBehaviour;
        res.writeHead(200).end();
        return;
      }
      if (req.url === '/__test/requests') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
        return;
      }
      requests.push({ headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      if ('hang' in behaviour) {
        hanging.add(res);
        return;
      }
      if ('status' in behaviour) {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'internal error' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          model: 'fake',
          choices: [
            { index: 0, message: { role: 'assistant', content: behaviour.content }, finish_reason: 'stop' },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    answer: (next) => {
      behaviour = next;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
