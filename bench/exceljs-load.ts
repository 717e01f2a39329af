// The parse a workbook got before issue 22 once it passed the 10 MB check: exceljs's xlsx.load of all
// of it. Run by upload.bench.ts in a process of its own, as the baseline.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: exceljs-load.ts <file.xlsx>');
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.load(readFileSync(path).slice().buffer);
process.stdout.write(`${workbook.worksheets.map((ws) => ws.rowCount).join(',')}\n`);
