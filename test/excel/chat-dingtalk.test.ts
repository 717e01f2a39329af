// Excel in chat over the whole DingTalk path, wired as the runtime wires it (composeApp with DINGTALK_*
// pointing at the loopback fake): "导出" uploads media and sends `sampleFile`; a template sent as a file
// is fetched through robot/messageFiles/download, previewed on a card, and saved on 确认保存.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportWorkbook } from '../../src/app/excel.ts';
import { submitSheet } from '../../src/app/submit.ts';
import { PARAM, VAR } from '../../src/channels/dingtalk/index.ts';
import { composeApp, composeChannels, type Runtime } from '../../src/runtime/compose.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { fsDocumentStore } from '../../src/store/fs-documents.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { currentSheets } from '../../src/store/revisions-repo.ts';
import { demoMobile, demoStore, revisionCount, root, type TempDb } from '../support/demo-store.ts';
import { dingtalkEnv } from '../support/dingtalk-env.ts';
import { cardCallback, directMessage, requestHeaders } from '../support/dingtalk-sign.ts';
import { sheet } from '../support/excel.ts';
import { type FakeDingtalk, startFakeDingtalk } from '../support/fake-dingtalk.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const CARD_TOKEN = 'files-card-callback-token';
const YUNYANG = 'staff_yunyang_clerk';
const FIXTURE = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as unknown;

let store: OpenedStore;
let db: TempDb;
let fake: FakeDingtalk;
let server: ServerType;
let base: string;
const pending: Promise<unknown>[] = [];

beforeEach(async () => {
  ({ store, db } = await demoStore());
  await store.db
    .updateTable('contacts')
    .set({ platform: 'dingtalk', platform_user_id: YUNYANG })
    .where('mobile', '=', demoMobile('county', '郧阳区'))
    .execute();
  fake = await startFakeDingtalk();
  const configured = readConfig(dingtalkEnv(fake, CARD_TOKEN));
  if (!configured.ok) throw new Error(configured.errors.join('\n'));
  const runtime: Runtime = {
    store,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    defer: (work) => pending.push(work),
    worker: 'files-dingtalk',
    version: 'test',
    documents: fsDocumentStore(join(db.dir, 'documents')),
  };
  const app = composeApp(configured.config, runtime, composeChannels(configured.config, runtime));
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const saved = await submitSheet(
    store,
    { as: demoMobile('county', '郧阳区'), ledger: 'a2', period: '2023Q1', body: FIXTURE },
    'card',
    NOW,
  );
  expect(saved.kind).toBe('saved');
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
  await store.close();
  await db.cleanup();
});

let seq = 0;
async function post(path: string, body: unknown): Promise<Response> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: requestHeaders(NOW.getTime(), fake.appSecret),
    body: JSON.stringify(body),
  });
  while (pending.length > 0) await Promise.all(pending.splice(0));
  return response;
}

function fileMessage(name: string, bytes: Uint8Array) {
  seq += 1;
  const downloadCode = `dlcode_${seq}`;
  fake.addDownload(downloadCode, bytes);
  const { text: _text, ...message } = directMessage(YUNYANG, '', `msg_file_${seq}`);
  return { ...message, msgtype: 'file', content: { downloadCode, fileName: name } };
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

describe('Excel in chat on DingTalk', () => {
  it('导出 uploads the workbook as media and sends it as sampleFile', async () => {
    seq += 1;
    expect(
      (await post('/webhooks/dingtalk', directMessage(YUNYANG, '导出 2023Q1 附件2', `m${seq}`))).status,
    ).toBe(200);
    expect(fake.uploads).toHaveLength(1);
    const [media] = fake.uploads;
    const file = fake.messages.find((m) => m.msgKey === 'sampleFile');
    expect(file).toMatchObject({
      to: { userId: YUNYANG },
      msgParam: { mediaId: media?.mediaId, fileName: '附件2_2023Q1_郧阳区.xlsx', fileType: 'xlsx' },
    });
    const ws = sheet(await load(media?.bytes ?? new Uint8Array()), '附件2');
    expect(ws.getCell('A1').value).toBe('2023年省直单位定点帮扶工作情况台账');
    expect(JSON.stringify(ws.getSheetValues())).toContain('郧阳区');
  });

  it('a template sent as a file is downloaded, previewed, and saved only on 确认保存', async () => {
    const exported = await exportWorkbook(
      store,
      { period: '2023Q1', ledger: 'a2', as: demoMobile('county', '郧阳区') },
      NOW,
    );
    if (!exported.ok) throw new Error('export failed');
    const workbook = await load(exported.buffer);
    sheet(workbook, '附件2').getCell('H5').value = 42;
    const before = await revisionCount(store);

    // A broken file first: downloaded, refused with the reason, nothing saved.
    await post('/webhooks/dingtalk', fileMessage('坏文件.xlsx', new TextEncoder().encode('not a workbook')));
    const refusal = fake.messages.at(-1);
    expect(refusal?.msgKey).toBe('sampleText');
    expect(String(refusal?.msgParam.content)).toContain('这个文件不是 Excel 工作簿（.xlsx）');

    await post(
      '/webhooks/dingtalk',
      fileMessage('郧阳区.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer())),
    );
    expect(fake.requestsTo('/v1.0/robot/messageFiles/download').at(-1)?.body).toMatchObject({
      robotCode: 'dingrobotcode',
    });
    const card = fake.cards.at(-1);
    expect(card?.params[VAR.markdown]).toContain('郧阳区 2023Q1：1行，修改1处');
    expect(await revisionCount(store)).toBe(before);

    const buttons = JSON.parse(card?.params[VAR.buttons] ?? '[]') as { label: string; action: string }[];
    const confirm = buttons.find((b) => b.label === '确认保存');
    const pressed = await post(
      `/webhooks/dingtalk/card/${CARD_TOKEN}`,
      cardCallback({
        outTrackId: card?.outTrackId ?? '',
        userId: YUNYANG,
        params: { [PARAM.action]: confirm?.action },
      }),
    );
    expect(pressed.status).toBe(200);
    const [current] = await currentSheets(store, 'a2', '2023Q1');
    expect(current?.revision).toBe(2);
    expect(current?.rows[0]?.values.fundsActual).toBe(420_000);
  });
});
