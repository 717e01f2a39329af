// Readable and JSON renderings of the Excel export and import for the command line.
import type { CommitResult, SheetPlan } from '../app/excel.ts';
import type { ExcelProblem } from '../excel/problems.ts';
import { say } from '../prompts.ts';

export function excelProblemsText(problems: readonly ExcelProblem[]): string {
  return [say('excel.refused'), ...problems.map((p) => `  - ${p.message}`)].join('\n');
}

export function excelProblemsJson(problems: readonly ExcelProblem[]) {
  return { ok: false, problems };
}

function changeWords(plan: SheetPlan): string {
  return say(`excel.change.${plan.change}`, { revision: plan.current ?? 0, count: plan.changes });
}

function line(plan: SheetPlan, change: string): string {
  return say('excel.line', {
    sheet: plan.sheet,
    period: plan.period,
    county: plan.county.name,
    rows: plan.rows,
    change,
  });
}

function warningsText(plans: readonly SheetPlan[], general: readonly ExcelProblem[]): string[] {
  const all = [...general, ...plans.flatMap((p) => p.warnings)];
  return all.length === 0 ? [] : [say('excel.warnings'), ...all.map((w) => `  - ${w.message}`)];
}

export function previewText(plans: readonly SheetPlan[], warnings: readonly ExcelProblem[]): string {
  return [
    say('excel.previewTitle'),
    ...plans.map((p) => line(p, changeWords(p))),
    ...warningsText(plans, warnings),
    say('excel.dryRunHint'),
  ].join('\n');
}

export function planJson(plan: SheetPlan) {
  return {
    sheet: plan.sheet,
    ledger: plan.ledger.id,
    period: plan.period,
    county: plan.county.name,
    rows: plan.rows,
    change: plan.change,
    changes: plan.changes,
    currentRevision: plan.current,
    warnings: plan.warnings,
  };
}

export function previewJson(plans: readonly SheetPlan[], warnings: readonly ExcelProblem[]) {
  return { ok: true, saved: false, sheets: plans.map(planJson), warnings };
}

export function commitText(result: CommitResult): string {
  const saved = result.saved.map((s) => line(s.plan, say('excel.saved', { revision: s.revision })));
  if (!result.ok) {
    const failed = result.problems.map((p) => `  - ${p.message}`);
    return result.saved.length === 0
      ? excelProblemsText(result.problems)
      : [say('excel.savedTitle'), ...saved, say('excel.partial'), ...failed].join('\n');
  }
  const unchanged = result.unchanged.map((p) =>
    line(p, say('excel.unchanged', { revision: p.current ?? 0 })),
  );
  const plans = [...result.saved.map((s) => s.plan), ...result.unchanged];
  const title = saved.length > 0 ? say('excel.savedTitle') : say('excel.nothingNew');
  return [title, ...saved, ...unchanged, ...warningsText(plans, result.warnings)].join('\n');
}

export function commitJson(result: CommitResult) {
  const saved = result.saved.map((s) => ({ ...planJson(s.plan), revision: s.revision }));
  if (!result.ok) return { ok: false, problems: result.problems, saved };
  return { ok: true, saved, unchanged: result.unchanged.map(planJson), warnings: result.warnings };
}
