// What is wrong with an imported workbook, located the way a person finds it in Excel: the sheet
// ("附件2"), the Excel row number and the column label.
import type { Problem } from '../domain/problem.ts';
import type { Finding } from '../domain/rules.ts';
import { type Params, type PromptKey, say } from '../prompts.ts';
import { describeFinding, describeProblem } from '../wording.ts';

export interface ExcelProblem {
  /** "附件2", or null for the file as a whole. */
  sheet: string | null;
  /** The row number Excel shows. */
  row: number | null;
  column: string | null;
  /** The whole line: "附件2 第6行 实际投入帮扶资金：应为……". */
  message: string;
}

export function located(sheet: string | null, row: number | null, column: string | null, text: string) {
  const where =
    sheet === null
      ? ''
      : row === null
        ? say('excel.whereSheet', { sheet })
        : say('excel.where', { sheet, row });
  return { sheet, row, column, message: `${where}${text}` } satisfies ExcelProblem;
}

/** A message that names its sheet itself ("附件2没有填写数据行，已跳过"). */
export function sheetMessage(sheet: string | null, message: string): ExcelProblem {
  return { sheet, row: null, column: null, message };
}

export function fileProblem(key: PromptKey, params: Params = {}): ExcelProblem {
  return located(null, null, null, say(key, params));
}

/** A domain problem's row is 1-based within the county's rows of the sheet; excelRows maps it back. */
export function fromProblem(sheet: string, excelRows: readonly number[], problem: Problem): ExcelProblem {
  const row = problem.row === undefined ? null : (excelRows[problem.row - 1] ?? null);
  return located(sheet, row, problem.label ?? null, describeProblem({ ...problem, row: undefined }));
}

export function fromFinding(sheet: string, excelRows: readonly number[], finding: Finding): ExcelProblem {
  const row = finding.row === undefined ? null : (excelRows[finding.row - 1] ?? null);
  return located(sheet, row, finding.label ?? null, describeFinding({ ...finding, row: undefined }));
}
