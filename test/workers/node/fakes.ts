// globalSetup of the workerd tests (runs in Node): the loopback fake Open APIs cannot start inside
// workerd, so a small HTTP factory here starts one per harness — POST /feishu or /dingtalk {mobiles}
// → FakeAddress; POST /model → {url} of a fake model service (test/support/fake-model.ts); POST /resource {url, messageId, key, base64} serves a file someone sent on a Feishu
// fake; POST /close {url}. Tests inside workerd read a fake's recordings at `GET <url>/__test/sent`.
// One default Feishu fake serves the worker's own bindings (vitest.workers.config.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { type FakeDingtalk, startFakeDingtalk } from '../../support/fake-dingtalk.ts';
import { type FakeFeishu, startFakeFeishu } from '../../support/fake-feishu.ts';
import { type FakeModel, startFakeModel } from '../../support/fake-model.ts';
import type { FakeAddress } from './fake-address.ts';
import './provided.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = new Map<string, FakeFeishu>();
  const others = new Map<string, FakeDingtalk>();
  const models = new Map<string, FakeModel>();
  const start = async (mobiles: Record<string, string>): Promise<FakeAddress> => {
    const fake = await startFakeFeishu({ mobiles });
    started.set(fake.url, fake);
    return { url: fake.url, appId: fake.appId, appSecret: fake.appSecret };
  };
  // DingTalk's app key answers as appId: the harness reads one shape for both platforms.
  const startDingtalk = async (mobiles: Record<string, string>): Promise<FakeAddress> => {
    const fake = await startFakeDingtalk({ mobiles });
    others.set(fake.url, fake);
    return { url: fake.url, appId: fake.appKey, appSecret: fake.appSecret };
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        mobiles?: Record<string, string>;
        url?: string;
        messageId?: string;
        key?: string;
        base64?: string;
      };
      const answer = async (): Promise<unknown> => {
        if (req.method === 'POST' && req.url === '/feishu') return start(body.mobiles ?? {});
        if (req.method === 'POST' && req.url === '/dingtalk') return startDingtalk(body.mobiles ?? {});
        if (req.method === 'POST' && req.url === '/model') {
          const model = await startFakeModel();
          models.set(model.url, model);
          return { url: model.url };
        }
        if (req.method === 'POST' && req.url === '/resource' && body.url && body.messageId && body.key) {
          const fake = started.get(body.url);
          if (!fake) throw new Error(`no fake at ${body.url}`);
          fake.addResource(body.messageId, body.key, Buffer.from(body.base64 ?? '', 'base64'));
          return { added: body.key };
        }
        if (req.method === 'POST' && req.url === '/close' && body.url) {
          await (started.get(body.url) ?? others.get(body.url) ?? models.get(body.url))?.close();
          models.delete(body.url);
          started.delete(body.url);
          others.delete(body.url);
          return { closed: body.url };
        }
        throw new Error(`no such fake factory route: ${req.method} ${req.url}`);
      };
      answer().then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result));
        },
        (error: unknown) => {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('fakes', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  project.provide('feishu', await start({}));
  return async () => {
    await Promise.all(
      [...started.values(), ...others.values(), ...models.values()].map((fake) => fake.close()),
    );
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}
