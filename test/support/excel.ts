// Workbooks on disk for the Excel tests: read one back with exceljs, copy a sheet shifted as a
// county's own template would be, and export 郧阳区's 附件2 as the Excel tests start from.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Cli } from './cli.ts';
import { root, type TempDb } from './demo-store.ts';

export { type Cli, cliFor, seedRoster } from './cli.ts';

export async function readXlsx(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path).slice().buffer);
  return workbook;
}

export async function writeXlsx(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

export function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no worksheet ${name}`);
  return ws;
}

/** A copy of `ws` moved down `rows` and right `cols`, merges included, as a sheet of `workbook`. */
export function shiftedCopy(
  ws: ExcelJS.Worksheet,
  rows: number,
  cols: number,
  workbook = new ExcelJS.Workbook(),
  name = ws.name,
): ExcelJS.Workbook {
  const copy = workbook.addWorksheet(name);
  const merges = ws.model.merges.map((range) => range.split(':').map((a) => ws.getCell(a).fullAddress));
  ws.eachRow((row, r) => {
    row.eachCell((cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      copy.getCell(r + rows, c + cols).value = cell.value;
    });
  });
  for (const [from, to] of merges) {
    if (from && to) copy.mergeCells(from.row + rows, from.col + cols, to.row + rows, to.col + cols);
  }
  return workbook;
}

/** The count of rows in `revisions`, through a store opened and closed for the question. */
export async function revisionRows(db: TempDb): Promise<number> {
  const store = await db.open();
  try {
    const row = await store.db
      .selectFrom('revisions')
      .select(store.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await store.close();
  }
}

/** 郧阳区's clerk submits the 附件2 fixture for 2023Q1 and exports it; returns the workbook's path. */
export async function exportedYunyangA2(cli: Cli, db: TempDb, clerk: string): Promise<string> {
  const fixture = root('test/fixtures/a2-yunyang.json');
  expect((await cli('submit', '--as', clerk, '--ledger', 'a2', '--period', '2023Q1', fixture)).code).toBe(0);
  const path = join(db.dir, 'yunyang-a2.xlsx');
  const exported = await cli('export', '--period', '2023Q1', '--ledger', 'a2', '--as', clerk, '--out', path);
  expect(exported.code).toBe(0);
  return path;
}
