// Workbooks on disk for the Excel tests: read one back with exceljs, copy a sheet shifted as a
// county's own template would be.
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { TempDb } from './demo-store.ts';

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
  const store = db.open();
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
