// The official workbook out, filled templates in — for chat and the CLI alike. Export is scoped to the
// asker; import is checked sheet by sheet through the submission path and saved only if all pass.
import { findLedger, LEDGERS } from '../domain/ledgers/index.ts';
import type { LedgerId, LedgerSpec } from '../domain/ledgers/types.ts';
import { formatPeriod, parsePeriod } from '../domain/period.ts';
import type { Problem } from '../domain/problem.ts';
import { showsReviewState } from '../domain/review.ts';
import { findContact, findUnit, type Roster } from '../domain/roster.ts';
import { addDocumentsSheet } from '../excel/documents-sheet.ts';
import { buildWorkbook, type StoredSheet } from '../excel/export.ts';
import { parseWorkbook, type WorkbookParser } from '../excel/import.ts';
import { ledgerPeriod, sheetNameOf } from '../excel/layout.ts';
import { periodDiffers, resolvePeriod } from '../excel/period-text.ts';
import { type ExcelProblem, fileProblem, fromFinding, fromProblem, sheetMessage } from '../excel/problems.ts';
import type { LedgerMarks } from '../excel/review-column.ts';
import { say } from '../prompts.ts';
import { currentSheets } from '../store/revisions-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { Store } from '../store/store.ts';
import { describeProblem } from '../wording.ts';
import { documentLines } from './documents.ts';
import { duplicatePlans, planSheet, type SheetPlan } from './excel-plan.ts';
import { sheetMarks } from './sheet-marks.ts';
import { submitSheet } from './submit.ts';
import { resolveViewer } from './viewer.ts';

export type { SheetPlan } from './excel-plan.ts';

export interface ExportQuery {
  period: string;
  ledger?: string;
  as?: string;
}

export type ExportResult =
  | { ok: true; buffer: Buffer; filename: string; ledgers: LedgerSpec[]; rows: number }
  | { ok: false; problems: ExcelProblem[] };

export async function exportWorkbook(store: Store, query: ExportQuery, now: Date): Promise<ExportResult> {
  const period = parsePeriod(query.period);
  if (!period) return refuse({ code: 'period_invalid', params: { got: query.period.slice(0, 40) } });
  const choice = chooseLedgers(query.ledger);
  if (!choice.ok) return choice;
  const chosen = choice.ledgers;
  const roster = await loadRoster(store);
  const viewer = resolveViewer(roster, query.as);
  if (!viewer.ok) return { ok: false, problems: viewer.problems.map(asFileProblem) };

  const scope = viewer.viewer.scope.all ? undefined : viewer.viewer.scope.countyIds;
  const sheets = new Map<LedgerId, StoredSheet[]>();
  const marks = new Map<LedgerId, LedgerMarks>();
  for (const ledger of chosen) {
    if (showsReviewState(ledger))
      marks.set(ledger.id, await sheetMarks(store, roster, ledger, ledgerPeriod(ledger, period), scope, now));
    const label = formatPeriod(ledgerPeriod(ledger, period));
    const revisions = await currentSheets(store, ledger.id, label, scope);
    sheets.set(
      ledger.id,
      revisions.map((r) => ({
        countyId: r.countyId,
        reporter: r.header.reporter,
        rows: r.rows.map((x) => x.values),
      })),
    );
  }
  const unitName = viewer.viewer.unit?.name ?? bureauName(roster);
  const workbook = await buildWorkbook({
    ledgers: chosen,
    period,
    sheets,
    roster,
    generatedAt: now,
    unitName,
    marks,
  });
  // The whole set (no ledger asked) also lists the documents received for the year (D1, D2).
  const documents = query.ledger === undefined && (await documentLines(store, roster, period.year, scope));
  if (documents) addDocumentsSheet(workbook, period.year, documents);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  const [only] = chosen;
  const what = query.ledger === undefined || !only ? say('excel.filenameAll') : sheetNameOf(only);
  const filename = say('excel.filename', { what, period: formatPeriod(period), unit: unitName });
  const rows = [...sheets.values()].flat().reduce((n, s) => n + s.rows.length, 0);
  return { ok: true, buffer, filename, ledgers: chosen, rows };
}

/** By default the quarterly ledgers and the pairing list (附件1–5); the pledge forms (附件6/7) when asked. */
function chooseLedgers(
  asked: string | undefined,
): { ok: true; ledgers: LedgerSpec[] } | { ok: false; problems: ExcelProblem[] } {
  if (asked === undefined) return { ok: true, ledgers: LEDGERS.filter((l) => l.workbook) };
  const ledger = findLedger(asked);
  if (!ledger) return refuse({ code: 'unknown_ledger', params: { got: asked.slice(0, 40) } });
  if (ledger.attachment === null)
    return { ok: false, problems: [fileProblem('excel.notAttachment', { ledger: ledger.title })] };
  return { ok: true, ledgers: [ledger] };
}

function bureauName(roster: Roster): string {
  return roster.units.find((u) => u.kind === 'bureau')?.name ?? '';
}

export interface ImportQuery {
  as: string;
  buffer: Uint8Array;
  /** "2023Q1"; when absent each sheet must name its quarter (annual ledgers take the title's year). */
  period?: string;
}

export type PreviewResult =
  | { ok: true; sheets: SheetPlan[]; warnings: ExcelProblem[] }
  | { ok: false; problems: ExcelProblem[] };

/** Parses (with `parse`: on the caller's thread unless the runtime gives another) and checks
 *  everything; saves nothing. */
export async function previewImport(
  store: Store,
  query: ImportQuery,
  now: Date,
  parse: WorkbookParser = parseWorkbook,
): Promise<PreviewResult> {
  const roster = await loadRoster(store);
  const contact = findContact(roster, query.as);
  const unit = contact && findUnit(roster, contact.unitId);
  if (!contact || !unit) return refuse({ code: 'contact_unknown', params: { got: query.as.slice(0, 40) } });
  const asked = query.period === undefined ? null : parsePeriod(query.period);
  if (query.period !== undefined && !asked)
    return refuse({ code: 'period_invalid', params: { got: query.period.slice(0, 40) } });

  const parsed = await parse(query.buffer, { roster, sender: unit });
  if (!parsed.ok) return parsed;
  const problems: ExcelProblem[] = [];
  const warnings = [...parsed.warnings];
  const plans: SheetPlan[] = [];
  for (const sheet of parsed.sheets) {
    const period = resolvePeriod(sheet.ledger, asked, sheet.named);
    if (!period) {
      problems.push(sheetMessage(sheet.sheet, say('excel.periodMissing', { sheet: sheet.sheet })));
      continue;
    }
    const differs = periodDiffers(sheet.named, period);
    if (differs)
      warnings.push(
        sheetMessage(sheet.sheet, say('excel.periodDiffers', { sheet: sheet.sheet, ...differs })),
      );
    const planned = await planSheet(store, roster, contact, sheet, period, now);
    if (planned.ok) plans.push(planned.plan);
    else problems.push(...planned.problems);
  }
  problems.push(...duplicatePlans(plans));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sheets: plans, warnings };
}

export interface SavedSheet {
  plan: SheetPlan;
  revision: number;
}

export type CommitResult =
  | { ok: true; saved: SavedSheet[]; unchanged: SheetPlan[]; warnings: ExcelProblem[] }
  | { ok: false; problems: ExcelProblem[]; saved: SavedSheet[] };

/**
 * Saves every changed sheet through submitSheet (source 'excel'), only after all of them passed the
 * preview. Writes are one revision per sheet (no cross-sheet transaction, which D1 lacks): should a
 * concurrent change make a later sheet fail after all, the result lists what was saved before it.
 */
export async function commitImport(
  store: Store,
  query: ImportQuery,
  now: Date,
  parse: WorkbookParser = parseWorkbook,
): Promise<CommitResult> {
  const preview = await previewImport(store, query, now, parse);
  if (!preview.ok) return { ...preview, saved: [] };
  const saved: SavedSheet[] = [];
  for (const plan of preview.sheets.filter((p) => p.change !== 'unchanged')) {
    const outcome = await submitSheet(store, plan.request, 'excel', now);
    if (outcome.kind === 'saved') {
      saved.push({ plan, revision: outcome.revision });
      continue;
    }
    const problems =
      outcome.kind === 'invalid'
        ? [
            ...outcome.problems.map((p) => fromProblem(plan.sheet, plan.excelRows, p)),
            ...outcome.findings.map((f) => fromFinding(plan.sheet, plan.excelRows, f)),
          ]
        : outcome.findings
            .filter((f) => f.severity === 'error')
            .map((f) => fromFinding(plan.sheet, plan.excelRows, f));
    return { ok: false, problems, saved };
  }
  const unchanged = preview.sheets.filter((p) => p.change === 'unchanged');
  return { ok: true, saved, unchanged, warnings: preview.warnings };
}

function asFileProblem(problem: Problem): ExcelProblem {
  return sheetMessage(null, describeProblem(problem));
}

function refuse(problem: Problem): { ok: false; problems: ExcelProblem[] } {
  return { ok: false, problems: [asFileProblem(problem)] };
}
