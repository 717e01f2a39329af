// Excel in chat over the whole Feishu path: "导出" uploads the workbook and sends it as a file message
// (the uploaded bytes opened with exceljs); a filled template sent as a file is downloaded through the
// message resource API, previewed, and saved only when its sender presses 确认保存.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportWorkbook } from '../../src/app/excel.ts';
import { submitSheet } from '../../src/app/submit.ts';
import { currentSheets } from '../../src/store/revisions-repo.ts';
import {
  BUREAU,
  buttonValue,
  cardText,
  type FeishuBot,
  LEAD,
  messageText,
  startFeishuBot,
  YUNYANG,
} from '../documents/feishu-harness.ts';
import { demoMobile, revisionCount, root } from '../support/demo-store.ts';
import { sheet } from '../support/excel.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const FIXTURE = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as unknown;

let bot: FeishuBot;
beforeEach(async () => {
  bot = await startFeishuBot(NOW);
  const saved = await submitSheet(
    bot.store,
    { as: demoMobile('county', '郧阳区'), ledger: 'a2', period: '2023Q1', body: FIXTURE },
    'card',
    NOW,
  );
  expect(saved.kind).toBe('saved');
});
afterEach(() => bot.close());

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

/** 郧阳区's own 附件2 as the bot exports it: the template a clerk fills in. */
async function template(edit?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const result = await exportWorkbook(
    bot.store,
    { period: '2023Q1', ledger: 'a2', as: demoMobile('county', '郧阳区') },
    NOW,
  );
  if (!result.ok) throw new Error('export failed');
  const workbook = await load(result.buffer);
  edit?.(sheet(workbook, '附件2'));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('导出 in chat', () => {
  it('uploads the workbook (file_type xls) and sends it to the asker as a file message', async () => {
    expect((await bot.text(BUREAU, '导出 2023Q1 附件2')).status).toBe(200);
    expect(bot.fake.uploads).toHaveLength(1);
    const [upload] = bot.fake.uploads;
    expect(upload?.fileType).toBe('xls');
    expect(upload?.fileName).toBe('附件2_2023Q1_省乡村振兴局.xlsx');
    const sent = bot.sentTo(BUREAU);
    expect(messageText(sent[0])).toContain('附件2，共1行数据，范围：全省');
    expect(sent[1]).toMatchObject({ msgType: 'file', content: { file_key: upload?.fileKey } });

    // What was uploaded is the real workbook: the county's row, its figures as numbers.
    const ws = sheet(await load(upload?.bytes ?? new Uint8Array()), '附件2');
    expect(ws.getCell('A1').value).toBe('2023年省直单位定点帮扶工作情况台账');
    const values = ws.getRows(1, ws.rowCount)?.flatMap((r) => (Array.isArray(r.values) ? r.values : []));
    expect(values).toContain('郧阳区');
    expect(values).toContain(35.5);
  });

  it('scopes the export: a county sees only itself, and an unknown ledger is a clear answer', async () => {
    await bot.text(YUNYANG, '导出 附件2 一季度');
    const upload = bot.fake.uploads[0];
    const values = JSON.stringify(
      sheet(await load(upload?.bytes ?? new Uint8Array()), '附件2').getSheetValues(),
    );
    expect(values).toContain('郧阳区');
    expect(values).not.toContain('竹山县');
    await bot.text(YUNYANG, '导出 2023Q7');
    expect(bot.fake.uploads).toHaveLength(2); // "2023Q7" is no period: the quarter now due is exported
  });
});

describe('a filled template sent as a file', () => {
  it('is previewed, saved only on 确认保存 by its sender, and the saved figures are the file’s', async () => {
    const bytes = await template((ws) => {
      ws.getCell('H5').value = 40; // 实际投入帮扶资金 35.5 → 40
    });
    const before = await revisionCount(bot.store);
    await bot.file(YUNYANG, '郧阳区附件2.xlsx', bytes);
    const [card] = bot.sentTo(YUNYANG);
    expect(card?.msgType).toBe('interactive');
    const text = cardText(card?.content);
    expect(text).toContain('确认导入《郧阳区附件2.xlsx》');
    expect(text).toContain('郧阳区 2023Q1：1行，修改1处');
    expect(await revisionCount(bot.store)).toBe(before);

    // Someone else cannot confirm it.
    const confirm = buttonValue(card?.content, '确认保存');
    const other = await bot.press(LEAD, confirm);
    expect(other.toast?.content).toContain('只有发送这个文件的人可以确认');
    expect(await revisionCount(bot.store)).toBe(before);

    const answer = await bot.press(YUNYANG, confirm);
    const afterSave = await revisionCount(bot.store);
    expect(afterSave).toBeGreaterThan(before);
    expect(answer.toast).toMatchObject({ type: 'success' });
    expect(cardText(answer.card?.data)).toContain('省直单位定点帮扶工作情况台账 郧阳区 2023Q1（第2版）');
    const [current] = await currentSheets(bot.store, 'a2', '2023Q1');
    expect(current?.revision).toBe(2);
    expect(current?.rows[0]?.values.fundsActual).toBe(400_000);

    // The same button again does nothing more.
    const again = await bot.press(YUNYANG, confirm);
    expect(again.toast?.content).toContain('已过期或已处理过');
    expect(await revisionCount(bot.store)).toBe(afterSave);
  });

  it('取消 saves nothing', async () => {
    const before = await revisionCount(bot.store);
    await bot.file(
      YUNYANG,
      'a2.xlsx',
      await template((ws) => {
        ws.getCell('H5').value = 41;
      }),
    );
    const cancel = buttonValue(bot.sentTo(YUNYANG)[0]?.content, '取消');
    const answer = await bot.press(YUNYANG, cancel);
    expect(cardText(answer.card?.data)).toContain('已取消，《a2.xlsx》的数据没有保存');
    expect(await revisionCount(bot.store)).toBe(before);
  });
});

describe('broken files in chat get a clear answer and save nothing', () => {
  async function answer(name: string, bytes: Uint8Array): Promise<string> {
    const before = await revisionCount(bot.store);
    const from = bot.sentTo(YUNYANG).length;
    expect((await bot.file(YUNYANG, name, bytes)).status).toBe(200);
    const replies = bot.sentTo(YUNYANG, from);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.msgType).toBe('text');
    expect(await revisionCount(bot.store)).toBe(before);
    return messageText(replies[0]);
  }

  it('wrong file types', async () => {
    expect(await answer('notes.xlsx', new TextEncoder().encode('郧阳区 一季度 35.5 万元\n'))).toContain(
      '这个文件不是 Excel 工作簿（.xlsx），无法读取',
    );
    expect(await answer('notes.txt', new TextEncoder().encode('郧阳区 一季度 35.5 万元\n'))).toContain(
      '不能接收“txt”格式的文件',
    );
  });

  it('an empty sheet, a missing header, text in money cells, a county outside scope', async () => {
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1');
    expect(await answer('empty.xlsx', new Uint8Array(await empty.xlsx.writeBuffer()))).toContain(
      '工作簿里没有任何内容（所有工作表都是空的）',
    );
    const headless = await template((ws) => {
      for (let c = 1; c <= 24; c++) for (const r of [3, 4]) ws.getCell(r, c).value = null;
    });
    expect(await answer('headless.xlsx', headless)).toContain('附件2：找不到表头');
    const money = await template((ws) => {
      ws.getCell('H5').value = '三十五万';
    });
    expect(await answer('money.xlsx', money)).toContain(
      '附件2 第5行 实际投入帮扶资金：应为不小于0、最多4位小数的万元数（收到“三十五万”）',
    );
    const other = await template((ws) => {
      ws.getCell('B5').value = '房县';
    });
    const refused = await answer('other.xlsx', other);
    expect(refused).toContain('未导入，数据库没有任何改动');
    expect(refused).toContain('附件2 第5行 房县不在您单位的帮扶范围内');
  });

  it('a 20 MB workbook is refused by size; past 20 MB the download is stopped', async () => {
    const twenty = new Uint8Array(20 * 1024 * 1024);
    twenty.set([0x50, 0x4b, 0x03, 0x04]);
    expect(await answer('big.xlsx', twenty)).toContain('文件有20MB，超过10MB的上限，未读取');
    const more = new Uint8Array(21 * 1024 * 1024);
    more.set([0x50, 0x4b, 0x03, 0x04]);
    expect(await answer('bigger.xlsx', more)).toContain('文件超过20MB，未接收');
  });
});
