// The console's side of files (the exported workbook as a download link, kept in the mailbox with
// its bytes) and how each platform's file and picture messages become neutral attachments.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleMessenger, readInbox } from '../../src/channels/console/inbox.ts';
import { parseRobotMessage } from '../../src/channels/dingtalk/index.ts';
import { parseFeishuEvent } from '../../src/channels/feishu/index.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import { demoUser } from '../support/bot.ts';
import { type ConsoleApp, consoleApp, postJson } from '../support/console-app.ts';
import { directMessage } from '../support/dingtalk-sign.ts';
import { messageSample } from '../support/feishu-sign.ts';

describe('导出 in the console', () => {
  let c: ConsoleApp;
  beforeEach(async () => {
    c = await consoleApp();
  });
  afterEach(() => c.close());

  it('answers with a download link carrying the workbook; the JSON copy names the file only', async () => {
    const userId = demoUser('bureau', '省乡村振兴局');
    const response = await postJson(c.app, '/console/api/message', { userId, text: '导出 2023Q1' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      messages: { html: string }[];
      response: { replies: unknown[] };
    };
    const link = body.messages.map((m) => m.html).find((h) => h.includes('download='));
    expect(link).toContain('download="帮扶台账_2023Q1_省乡村振兴局.xlsx"');
    const base64 = /href="data:[^;]+;base64,([^"]+)"/.exec(link ?? '')?.[1] ?? '';
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(Buffer.from(base64, 'base64')).buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['附件1', '附件2', '附件3', '附件4', '附件5']);
    expect(JSON.stringify(body.response.replies[1])).toMatch(/"kind":"file".*"size":\d+/);
    expect(JSON.stringify(body.response)).not.toContain('"bytes"');
  });

  it('keeps a file sent to a console user in the mailbox, bytes intact', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 3, 4, 0, 255]);
    const to = { kind: 'user' as const, platform: 'console' as const, userId: 'demo-002' };
    await consoleMessenger(mailboxOf(c.store), () => new Date()).send(
      to,
      { kind: 'file', file: { filename: 'a.xlsx', mime: 'application/zip', bytes } },
      'k1',
    );
    const [item] = await readInbox(mailboxOf(c.store), to);
    expect(item?.reply).toEqual({
      kind: 'file',
      file: { filename: 'a.xlsx', mime: 'application/zip', bytes: new Uint8Array(bytes) },
    });
  });
});

describe('file and picture messages become attachments', () => {
  it('on Feishu', () => {
    const sample = messageSample({ messageId: 'om_f1' });
    const file = {
      ...sample,
      event: {
        ...sample.event,
        message: {
          ...sample.event.message,
          message_type: 'file',
          content: '{"file_key":"fk","file_name":"a.xlsx"}',
        },
      },
    };
    expect(parseFeishuEvent(file)).toMatchObject({
      kind: 'message',
      event: { text: '', attachment: { kind: 'file', messageId: 'om_f1', key: 'fk', name: 'a.xlsx' } },
    });
    const image = {
      ...file,
      event: {
        ...file.event,
        message: { ...file.event.message, message_type: 'image', content: '{"image_key":"ik"}' },
      },
    };
    expect(parseFeishuEvent(image)).toMatchObject({
      event: { attachment: { kind: 'image', key: 'ik', name: '' } },
    });
    const broken = {
      ...file,
      event: { ...file.event, message: { ...file.event.message, content: '{"file_name":"x"}' } },
    };
    expect(parseFeishuEvent(broken)).toMatchObject({ kind: 'invalid' });
  });

  it('on DingTalk', () => {
    const { text: _text, ...message } = directMessage('staff1', '', 'msg_f1');
    expect(
      parseRobotMessage({
        ...message,
        msgtype: 'file',
        content: { downloadCode: 'dc1', fileName: '计划.pdf' },
      }),
    ).toMatchObject({
      kind: 'message',
      event: { text: '', attachment: { kind: 'file', messageId: 'msg_f1', key: 'dc1', name: '计划.pdf' } },
    });
    expect(
      parseRobotMessage({
        ...message,
        msgtype: 'picture',
        content: { downloadCode: 'dc2', pictureDownloadCode: 'p2' },
      }),
    ).toMatchObject({ event: { attachment: { kind: 'image', key: 'dc2', name: '' } } });
    expect(parseRobotMessage({ ...message, msgtype: 'file', content: {} })).toMatchObject({
      kind: 'ignored',
      reason: 'not_text',
    });
  });
});
