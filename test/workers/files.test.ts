// Files both ways on Workers, the Worker entry inside workerd with the Lark SDK against the loopback
// fake: a county sends a scan in chat, picks which owed document it is, and the bytes land in the R2
// bucket (the DOCUMENTS binding of wrangler.toml) with their row in D1; the bureau asks for a ledger
// and gets the .xlsx (exceljs in workerd) uploaded and sent as a file message.
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createWorker } from '../../src/runtime/worker-handler.ts';
import { openD1 } from '../../src/store/d1.ts';
import { listDocuments } from '../../src/store/documents-repo.ts';
import { bumpRosterVersion } from '../../src/store/roster-repo.ts';
import { resetD1 } from '../cases/harness/workerd-app.ts';
import { contactOf } from '../cases/harness.ts';
import { type FeishuButtonHandle, type FeishuSentState, feishuSent } from '../cases/views/feishu.ts';
import { FILES_PATH, INSPECT_PATH } from '../support/fake-feishu.ts';
import { buildSignedRequest, cardActionSample, messageSample } from '../support/feishu-sign.ts';
import type { FakeAddress } from './node/fake-address.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const CLERK = 'ou_docs_clerk';
const CHAT = 'oc_docs_clerk';
const BUREAU = 'ou_docs_bureau';
const ENCRYPT_KEY = 'docs-encrypt-key';
const TOKEN = 'docs-verification-token';
const fakes = inject('fakes');
const store = openD1(env.DB);

async function emptyBucket(): Promise<void> {
  const listed = await env.DOCUMENTS.list();
  await Promise.all(listed.objects.map((o) => env.DOCUMENTS.delete(o.key)));
}

beforeEach(async () => {
  await resetD1(store);
  await emptyBucket();
  const clerk = await contactOf(store, { kind: 'county', name: '郧阳区' });
  const bureau = await contactOf(store, { kind: 'bureau', name: '省乡村振兴局' });
  const bind = (id: string, openId: string) =>
    store.db
      .updateTable('contacts')
      .set({ platform: 'feishu', platform_user_id: openId })
      .where('id', '=', id);
  await store.batch([bind(clerk.id, CLERK), bind(bureau.id, BUREAU), bumpRosterVersion(store)]);
});

/** The worker with Feishu pointed at a fresh fake, and a delivery of signed events that waits for the
 *  work the worker deferred. */
async function startBot() {
  const post = (path: string, body: unknown) =>
    fetch(`${fakes}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const fake = (await (await post('/feishu', {})).json()) as FakeAddress;
  const workerEnv = {
    ...env,
    FEISHU_APP_ID: fake.appId,
    FEISHU_APP_SECRET: fake.appSecret,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: fake.url,
  };
  const worker = createWorker({ now: () => NOW });
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (work: Promise<unknown>) => void pending.push(work) };
  const deliver = async (payload: unknown) => {
    const signed = buildSignedRequest(payload, {
      encryptKey: ENCRYPT_KEY,
      timestamp: Math.floor(NOW.getTime() / 1000),
    });
    const request = new Request('https://bot.example/webhooks/feishu', {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    const response = await worker.fetch(request, workerEnv, ctx);
    while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    return response;
  };
  return { fake, post, deliver, close: () => post('/close', { url: fake.url }) };
}

/** The county clerk sends the PDF as a file message (the fake serves its bytes as the resource). */
async function sendPdf(
  bot: Pick<Awaited<ReturnType<typeof startBot>>, 'fake' | 'post' | 'deliver'>,
  messageId: string,
): Promise<Response> {
  return sendFile(bot, messageId, '联席会议方案.pdf', PDF);
}

async function sendFile(
  bot: Pick<Awaited<ReturnType<typeof startBot>>, 'fake' | 'post' | 'deliver'>,
  messageId: string,
  name: string,
  bytes: Uint8Array,
): Promise<Response> {
  const message = messageSample({ token: TOKEN, eventId: `evt_${messageId}`, messageId });
  message.event.sender.sender_id.open_id = CLERK;
  message.event.message.chat_type = 'p2p';
  message.event.message.chat_id = CHAT;
  message.event.message.mentions = [];
  message.event.message.message_type = 'file';
  message.event.message.content = JSON.stringify({ file_key: 'file_v3_doc', file_name: name });
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary);
  await bot.post('/resource', { url: bot.fake.url, messageId, key: 'file_v3_doc', base64 });
  return bot.deliver(message);
}

describe('files on Workers', () => {
  it('stores a file sent in chat in R2, with its row in D1', async () => {
    const { fake, post, deliver, close } = await startBot();
    try {
      expect((await sendPdf({ fake, post, deliver }, 'om_doc_1')).status).toBe(200);

      const state = (await (await fetch(`${fake.url}${INSPECT_PATH}`)).json()) as FeishuSentState;
      const card = feishuSent(state, { chatIds: [CHAT], openIds: [CLERK] }).at(-1);
      expect(card?.text).toContain('收到《联席会议方案.pdf》');
      const choice = card?.buttons.find((b) => b.label.includes('联席会议方案'));
      if (!choice) throw new Error(`no choice on ${JSON.stringify(card)}`);
      const press = cardActionSample({ token: TOKEN, eventId: 'evt_doc_press' });
      press.event.operator.open_id = CLERK;
      const answer = await deliver({
        ...press,
        event: {
          ...press.event,
          action: {
            ...press.event.action,
            value: (choice.handle as FeishuButtonHandle).value,
            form_value: {},
          },
        },
      });
      expect(answer.status).toBe(200);

      const [record] = await listDocuments(store, 2023);
      expect(record).toMatchObject({ obligation: 'D1', fileName: '联席会议方案.pdf', size: PDF.byteLength });
      const object = await env.DOCUMENTS.get(record?.storageKey ?? '');
      expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(PDF);
      // Nothing is left waiting under pending/.
      expect((await env.DOCUMENTS.list({ prefix: 'pending/' })).objects).toEqual([]);
    } finally {
      await close();
    }
  });

  it('drops a file nobody answered for from R2 on the hourly trigger once its 24 h are up', async () => {
    const bot = await startBot();
    try {
      expect((await sendPdf(bot, 'om_doc_unanswered')).status).toBe(200);
      expect((await env.DOCUMENTS.list({ prefix: 'pending/' })).objects).toHaveLength(1);
      const worker = createWorker({ now: () => NOW });
      const ctx = { waitUntil() {} };
      const workerEnv = { ...env };
      const early = await worker.scheduled(
        { cron: '17 * * * *', scheduledTime: NOW.getTime() + 23 * 3_600_000 },
        workerEnv,
        ctx,
      );
      expect(early).toMatchObject({ expiredUploads: 0 });
      const late = await worker.scheduled(
        { cron: '17 * * * *', scheduledTime: NOW.getTime() + 25 * 3_600_000 },
        workerEnv,
        ctx,
      );
      expect(late).toMatchObject({ expiredUploads: 1 });
      expect((await env.DOCUMENTS.list({ prefix: 'pending/' })).objects).toEqual([]);
      expect(await listDocuments(store, 2023)).toEqual([]);
    } finally {
      await bot.close();
    }
  });

  it('refuses a workbook with more rows than a ledger holds, read as a stream in workerd (issue 22)', async () => {
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    const ws = workbook.addWorksheet('附件2');
    for (let r = 1; r <= 6010; r++) ws.getCell(r, 1).value = r;
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const bot = await startBot();
    try {
      expect((await sendFile(bot, 'om_long_sheet', '附件2-郧阳区.xlsx', bytes)).status).toBe(200);
      const state = (await (await fetch(`${bot.fake.url}${INSPECT_PATH}`)).json()) as FeishuSentState;
      const reply = feishuSent(state, { chatIds: [CHAT], openIds: [CLERK] }).at(-1);
      expect(reply?.text).toContain('工作表“附件2”超过6,000行');
      expect((await env.DOCUMENTS.list({ prefix: 'pending/' })).objects).toEqual([]);
    } finally {
      await bot.close();
    }
  });

  it('sends a ledger asked for in chat as an .xlsx file message', async () => {
    const { fake, deliver, close } = await startBot();
    try {
      const message = messageSample({ token: TOKEN, eventId: 'evt_export', messageId: 'om_export' });
      message.event.sender.sender_id.open_id = BUREAU;
      message.event.message.chat_type = 'p2p';
      message.event.message.chat_id = 'oc_docs_bureau';
      message.event.message.mentions = [];
      message.event.message.content = JSON.stringify({ text: '导出 2023Q1 附件2' });
      expect((await deliver(message)).status).toBe(200);
      const state = (await (await fetch(`${fake.url}${INSPECT_PATH}`)).json()) as FeishuSentState & {
        requests: { path: string }[];
      };
      expect(state.requests.filter((r) => r.path === FILES_PATH)).toHaveLength(1);
      const sent = state.messages.filter((m) => ['oc_docs_bureau', BUREAU].includes(m.receiveId));
      expect(sent.map((m) => m.msgType)).toContain('file');
    } finally {
      await close();
    }
  });
});
