// `export` writes the official workbook; `import` reads a filled template through the same checks as
// chat, previews it with --dry-run, and saves it all or not at all.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { commitImport, exportWorkbook, previewImport } from '../app/excel.ts';
import { sizeProblem } from '../excel/import.ts';
import { fileProblem } from '../excel/problems.ts';
import { say } from '../prompts.ts';
import type { CommandKit, Output } from './command-kit.ts';
import {
  commitJson,
  commitText,
  excelProblemsJson,
  excelProblemsText,
  previewJson,
  previewText,
} from './render-excel.ts';

export function addExcelCommands(program: Command, { deps, withStore, print }: CommandKit): void {
  program
    .command('export')
    .description('导出官方格式的台账 Excel（每张附件一个工作表），范围按联系人')
    .requiredOption('--period <period>', '期间：2023Q1 或 2023')
    .option('--ledger <ledger>', '只导出一张台账：a1…a7、附件2')
    .option('--as <contact>', '按某联系人的范围导出')
    .requiredOption('--out <file>', '输出文件（.xlsx）')
    .option('--json', '输出 JSON')
    .action((opts: Output & { period: string; ledger?: string; as?: string; out: string }) =>
      withStore(async (store) => {
        const result = await exportWorkbook(store, opts, deps.now());
        if (!result.ok)
          return print(opts, excelProblemsJson(result.problems), excelProblemsText(result.problems), false);
        writeFileSync(opts.out, result.buffer);
        const facts = { path: opts.out, sheets: result.ledgers.length, rows: result.rows };
        const json = {
          ok: true,
          file: opts.out,
          filename: result.filename,
          ledgers: result.ledgers.map((l) => l.id),
          rows: result.rows,
        };
        print(opts, json, say('excel.exported', facts), true);
      }),
    );

  program
    .command('import <file>')
    .description('导入填好的台账 Excel（.xlsx），与聊天中填报走同一套校验；全部通过才保存')
    .requiredOption('--as <contact>', '报送人：手机号或联系人编号')
    .option('--period <period>', '期间：2023Q1（文件标题或填报时间未写明季度时必填）')
    .option('--dry-run', '只预览，不保存')
    .option('--json', '输出 JSON')
    .action((file: string, opts: Output & { as: string; period?: string; dryRun?: boolean }) =>
      withStore(async (store) => {
        const buffer = readWorkbookFile(file);
        if (!buffer.ok)
          return print(opts, excelProblemsJson(buffer.problems), excelProblemsText(buffer.problems), false);
        const query = { as: opts.as, period: opts.period, buffer: buffer.bytes };
        if (opts.dryRun) {
          const preview = await previewImport(store, query, deps.now(), deps.parseWorkbook);
          if (!preview.ok)
            return print(
              opts,
              excelProblemsJson(preview.problems),
              excelProblemsText(preview.problems),
              false,
            );
          return print(
            opts,
            previewJson(preview.sheets, preview.warnings),
            previewText(preview.sheets, preview.warnings),
            true,
          );
        }
        const result = await commitImport(store, query, deps.now(), deps.parseWorkbook);
        print(opts, commitJson(result), commitText(result), result.ok);
      }),
    );
}

/** The size is checked before reading, so a huge file is refused without loading it. */
function readWorkbookFile(path: string) {
  try {
    const tooLarge = sizeProblem(statSync(path).size);
    if (tooLarge) return { ok: false as const, problems: [tooLarge] };
    return { ok: true as const, bytes: readFileSync(path) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false as const, problems: [fileProblem('cli.fileUnreadable', { path, reason })] };
  }
}
