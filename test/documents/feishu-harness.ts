// The whole Feishu path for files: signed, encrypted events over real HTTP on 127.0.0.1, the real
// Open API client against the loopback fake (which serves the files people send and records the
// files the bot uploads), a real SQLite store, and documents in a real directory.

import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { composeApp, composeChannels, type Runtime } from '../../src/runtime/compose.ts';
import { readConfig } from '../../src/runtime/config.ts';
import type { DocumentStore } from '../../src/store/document-store.ts';
import { fsDocumentStore } from '../../src/store/fs-documents.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { demoMobile, demoStore, type TempDb } from '../support/demo-store.ts';
import { type FakeFeishu, type RecordedMessage, startFakeFeishu } from '../support/fake-feishu.ts';
import { buildSignedRequest, cardActionSample, messageSample } from '../support/feishu-sign.ts';

const ENCRYPT_KEY = 'files-encrypt-key';
const TOKEN = 'files-verification-token';

export const YUNYANG = 'ou_yunyang_clerk';
export const ZHUSHAN = 'ou_zhushan_clerk';
export const LEAD = 'ou_lead_unit_officer';
export const BUREAU = 'ou_bureau_officer';

export interface FeishuBot {
  store: OpenedStore;
  db: TempDb;
  fake: FakeFeishu;
  documents: DocumentStore;
  documentsDir: string;
  /** Sends a text message from a user (one-to-one) and waits for the deferred work. */
  text(openId: string, text: string): Promise<Response>;
  /** Sends a file message; the fake serves `bytes` for it. */
  file(openId: string, name: string, bytes: Uint8Array, kind?: 'file' | 'image'): Promise<Response>;
  /** Presses a button (its callback value) as a user; answers the callback body. */
  press(openId: string, value: Record<string, string>): Promise<CallbackBody>;
  /** Messages the bot sent to a user's chat, since index `from`. */
  sentTo(openId: string, from?: number): RecordedMessage[];
  close(): Promise<void>;
}

export interface CallbackBody {
  toast?: { type: string; content: string };
  card?: { type: 'raw'; data: unknown };
}

/** `runtime`: what to add to the runtime the harness composes (e.g. a workbook parser). */
export async function startFeishuBot(now: Date, runtime: Partial<Runtime> = {}): Promise<FeishuBot> {
  const { store, db } = await demoStore();
  const bind = (kind: string, name: string, openId: string) =>
    store.db
      .updateTable('contacts')
      .set({ platform: 'feishu', platform_user_id: openId })
      .where('mobile', '=', demoMobile(kind, name))
      .execute();
  await bind('county', '郧阳区', YUNYANG);
  await bind('county', '竹山县', ZHUSHAN);
  await bind('lead_unit', '省委宣传部', LEAD);
  await bind('bureau', '省乡村振兴局', BUREAU);
  const fake = await startFakeFeishu();
  const configured = readConfig({
    FEISHU_APP_ID: fake.appId,
    FEISHU_APP_SECRET: fake.appSecret,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: fake.url,
  });
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const documentsDir = join(db.dir, 'documents');
  const documents = fsDocumentStore(documentsDir);
  const pending: Promise<unknown>[] = [];
  const composed: Runtime = {
    ...runtime,
    store,
    now: () => now,
    logger: pino({ level: 'silent' }),
    defer: (work) => pending.push(work),
    worker: 'files',
    version: 'test',
    documents,
  };
  const app = composeApp(configured.config, composed, composeChannels(configured.config, composed));
  const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let seq = 0;
  async function post(payload: unknown): Promise<Response> {
    const signed = buildSignedRequest(payload, {
      encryptKey: ENCRYPT_KEY,
      timestamp: Math.floor(now.getTime() / 1000),
    });
    const response = await fetch(`${base}/webhooks/feishu`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    while (pending.length > 0) await Promise.all(pending.splice(0));
    return response;
  }
  function message(openId: string, type: string, content: unknown) {
    seq += 1;
    const sample = messageSample({ token: TOKEN, eventId: `evt_file_${seq}`, messageId: `om_file_${seq}` });
    sample.event.sender.sender_id.open_id = openId;
    sample.event.message.chat_type = 'p2p';
    sample.event.message.chat_id = `oc_chat_${openId}`;
    sample.event.message.mentions = [];
    sample.event.message.message_type = type;
    sample.event.message.content = JSON.stringify(content);
    return sample;
  }

  return {
    store,
    db,
    fake,
    documents,
    documentsDir,
    text: (openId, text) => post(message(openId, 'text', { text })),
    file(openId, name, bytes, kind = 'file') {
      const key = `${kind === 'image' ? 'img_v3' : 'file_v3_in'}_${seq + 1}`;
      const content = kind === 'image' ? { image_key: key } : { file_key: key, file_name: name };
      const payload = message(openId, kind, content);
      fake.addResource(payload.event.message.message_id, key, bytes);
      return post(payload);
    },
    async press(openId, value) {
      seq += 1;
      const sample = cardActionSample({ token: TOKEN, eventId: `evt_press_${seq}` });
      sample.event.operator.open_id = openId;
      const payload = {
        ...sample,
        event: { ...sample.event, action: { ...sample.event.action, value, form_value: {} } },
      };
      const response = await post(payload);
      return (await response.json()) as CallbackBody;
    },
    sentTo: (openId, from = 0) =>
      fake.messages.filter((m) => m.receiveId === `oc_chat_${openId}` || m.receiveId === openId).slice(from),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await store.close();
      await db.cleanup();
    },
  };
}

type Json = Record<string, unknown>;
function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Every piece of text in a Feishu card (markdown, plain text, titles). */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  walk(card, (n) => {
    if (typeof n.content === 'string') parts.push(n.content);
  });
  return parts.join('\n');
}

/** The callback value of the button labelled `label` in a Feishu card. */
export function buttonValue(card: unknown, label: string): Record<string, string> {
  let found: Record<string, string> | undefined;
  walk(card, (n) => {
    const text = (n.text as { content?: string } | undefined)?.content;
    if (n.tag === 'button' && text?.includes(label) && !found) {
      found = (n.behaviors as { value: Record<string, string> }[])[0]?.value;
    }
  });
  if (!found) throw new Error(`no button “${label}” in ${cardText(card).slice(0, 200)}`);
  return found;
}

/** The text of a text message, or the card's text. */
export function messageText(message: RecordedMessage | undefined): string {
  if (!message) return '';
  const content = message.content as { text?: string };
  return message.msgType === 'text' ? (content.text ?? '') : cardText(content);
}
