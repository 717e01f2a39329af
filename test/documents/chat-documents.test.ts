// Documents (D1, D2) over the whole Feishu path: a county sends a scan, chooses which owed document it
// is on the card, the file lands in the documents directory with its row, and status, the county's
// card, the dashboard and the export all count it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportWorkbook, previewImport } from '../../src/app/excel.ts';
import { statusReport } from '../../src/app/status.ts';
import { buildDashboard } from '../../src/dashboard/model.ts';
import { listDocuments } from '../../src/store/documents-repo.ts';
import { demoMobile } from '../support/demo-store.ts';
import { cliFor } from '../support/excel.ts';
import {
  buttonValue,
  cardText,
  type FeishuBot,
  LEAD,
  messageText,
  startFeishuBot,
  YUNYANG,
} from './feishu-harness.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1,
]);
const DOC = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);

let bot: FeishuBot;
beforeEach(async () => {
  bot = await startFeishuBot(NOW);
});
afterEach(() => bot.close());

/** Sends a file and presses the choice labelled `label` on the card that comes back. */
async function send(name: string, bytes: Uint8Array, label: string, kind: 'file' | 'image' = 'file') {
  const from = bot.sentTo(YUNYANG).length;
  await bot.file(YUNYANG, name, bytes, kind);
  const [card] = bot.sentTo(YUNYANG, from);
  expect(card?.msgType).toBe('interactive');
  return {
    card: cardText(card?.content),
    answer: await bot.press(YUNYANG, buttonValue(card?.content, label)),
  };
}

async function d1State(): Promise<string | undefined> {
  const report = await statusReport(bot.store, { period: '2023Q1', as: demoMobile('county', '郧阳区') }, NOW);
  if (!report.ok) throw new Error('status failed');
  return report.report.obligations.find((o) => o.obligation.id === 'D1')?.items[0]?.state;
}

describe('a county sends its documents in chat', () => {
  it('asks which owed document it is, stores it, and counts D1 once all three are in', async () => {
    const first = await send('联席会议方案.pdf', PDF, '联席会议方案');
    // The choices come from the calendar: D1's three documents and, for a county hosting central
    // units, D2's report.
    expect(first.card).toContain('收到《联席会议方案.pdf》');
    for (const label of [
      '联席会议方案',
      '年度责任书（协议书）',
      '年度帮扶计划',
      '赴中央单位对接汇报情况（正式报告）',
    ])
      expect(first.card).toContain(label);
    expect(first.answer.toast).toMatchObject({ type: 'success' });
    expect(cardText(first.answer.card?.data)).toContain('还差 年度责任书（协议书）、年度帮扶计划');

    const [record] = await listDocuments(bot.store, 2023);
    expect(record).toMatchObject({
      kind: 'joint_meeting_plan',
      obligation: 'D1',
      fileName: '联席会议方案.pdf',
      mime: 'application/pdf',
      size: PDF.byteLength,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const onDisk = join(bot.documentsDir, ...(record?.storageKey ?? '').split('/'));
    expect(new Uint8Array(readFileSync(onDisk))).toEqual(PDF);
    // Nothing is left waiting in pending/.
    expect(await bot.documents.list('pending/')).toEqual([]);
    expect(await d1State()).toBe('not_reported');

    // The next card offers only what is still owed.
    const second = await send('', PNG, '年度责任书（协议书）', 'image');
    expect(second.card).not.toContain('联席会议方案');
    await send('计划.doc', DOC, '年度帮扶计划');
    expect(await d1State()).toBe('reported');

    // The county's own card lists the files; the dashboard counts D1 as reported.
    await bot.text(YUNYANG, '郧阳 情况');
    const detail = messageText(bot.sentTo(YUNYANG).at(-1));
    expect(detail).toContain('联席会议方案《联席会议方案.pdf》');
    expect(detail).toContain('尚未报送 赴中央单位对接汇报情况（正式报告）');
    const dashboard = await buildDashboard(bot.store, { period: '2023Q1', ledger: 'a2' }, NOW);
    if (!dashboard.ok) throw new Error('dashboard failed');
    const d1 = dashboard.model.columns.findIndex((c) => c.obligation === 'D1');
    expect(dashboard.model.progress[d1]).toMatchObject({ total: 37, confirmed: 1, notReported: 36 });
    const row = dashboard.model.rows.find((r) => r.county === '郧阳区');
    expect(row?.cells[d1]?.state).toBe('confirmed');

    // The operator's listing.
    const listed = await cliFor(bot.db, NOW)(
      'documents',
      '--year',
      '2023',
      '--as',
      demoMobile('county', '郧阳区'),
    );
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toContain('2023年报送材料：3份');
    expect(listed.out).toContain('郧阳区  联席会议方案  《联席会议方案.pdf》');
  });

  it('the export lists received and missing documents in 报送材料', async () => {
    await send('联席会议方案.pdf', PDF, '联席会议方案');
    const result = await exportWorkbook(bot.store, { period: '2023Q1' }, NOW);
    if (!result.ok) throw new Error('export failed');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(result.buffer.slice().buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '附件1',
      '附件2',
      '附件3',
      '附件4',
      '附件5',
      '报送材料',
    ]);
    const ws = workbook.getWorksheet('报送材料');
    const rows = (ws?.getSheetValues() ?? []).filter(Array.isArray).map((r) => r.slice(1));
    const line = rows.find((r) => r[0] === '郧阳区' && r[2] === '联席会议方案');
    expect(line).toEqual([
      '郧阳区',
      expect.stringContaining('D1'),
      '联席会议方案',
      '已收到',
      '联席会议方案.pdf',
      1,
      '张建国（演示）',
      '2023-03-28 10:00',
      createHash('sha256').update(PDF).digest('hex'),
    ]);
    expect(rows.find((r) => r[0] === '竹山县' && r[2] === '联席会议方案')?.[3]).toBe('未收到');

    // Sent back in, the workbook's 报送材料 sheet is passed over (it holds no figures).
    const preview = await previewImport(
      bot.store,
      { as: demoMobile('county', '郧阳区'), buffer: result.buffer },
      NOW,
    );
    expect(JSON.stringify(preview)).not.toContain('报送材料');
  });

  it('取消, oversized and unsupported files, and a unit that owes no documents: nothing stored', async () => {
    const from = bot.sentTo(YUNYANG).length;
    await bot.file(YUNYANG, 'a.pdf', PDF);
    const cancel = buttonValue(bot.sentTo(YUNYANG, from)[0]?.content, '取消');
    expect(cardText((await bot.press(YUNYANG, cancel)).card?.data)).toContain('已取消，《a.pdf》没有保存');

    const big = new Uint8Array(21 * 1024 * 1024);
    big.set(PDF.slice(0, 8));
    await bot.file(YUNYANG, 'scan.pdf', big);
    expect(messageText(bot.sentTo(YUNYANG).at(-1))).toContain('文件超过20MB，未接收');
    await bot.file(YUNYANG, 'tool.exe', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]));
    expect(messageText(bot.sentTo(YUNYANG).at(-1))).toContain('不能接收“exe”格式的文件');
    await bot.file(LEAD, 'plan.pdf', PDF);
    expect(messageText(bot.sentTo(LEAD).at(-1))).toContain('报送材料由重点帮扶县发送');

    expect(await listDocuments(bot.store, 2023)).toEqual([]);
    expect(await bot.documents.list('documents/')).toEqual([]);
    expect(await bot.documents.list('pending/')).toEqual([]);
    expect(existsSync(join(bot.documentsDir, 'documents'))).toBe(false);
  });
});
