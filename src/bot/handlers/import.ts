// A filled template in chat: checked exactly as the CLI import is (previewImport), answered with the
// problems by sheet, row and column, or with a card of what will be saved; saved (commitImport) only
// when its sender presses 确认保存 on that card.
import { commitImport, previewImport } from '../../app/excel.ts';
import type { BotResponse, Card } from '../../conversation/model.ts';
import { reviewersOf } from '../../domain/review.ts';
import type { ExcelProblem } from '../../excel/problems.ts';
import { say } from '../../prompts.ts';
import type { DocumentStore } from '../../store/document-store.ts';
import { resolvePendingUpload } from '../../store/documents-repo.ts';
import { loadRoster } from '../../store/roster-repo.ts';
import { confirmerOf } from '../../wording.ts';
import { importCard } from '../cards/import-card.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import { heldUpload, holdFile, PENDING_HOURS, type Received, text, toast } from './held-files.ts';
import { requestReview } from './review.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_LINES = 30;

function problemLines(problems: readonly ExcelProblem[]): string {
  const shown = problems.slice(0, MAX_LINES).map((p) => p.message);
  if (problems.length > MAX_LINES)
    shown.push(say('files.importMore', { count: problems.length - MAX_LINES }));
  return shown.join('\n');
}

export async function previewUpload(
  deps: BotDeps,
  documents: DocumentStore,
  who: Identified,
  received: Received,
): Promise<BotResponse> {
  const preview = await previewImport(
    deps.store,
    { as: who.contact.id, buffer: received.bytes },
    deps.now(),
    deps.parseWorkbook,
  );
  if (!preview.ok)
    return text(say('files.importProblems', { file: received.name, lines: problemLines(preview.problems) }));
  if (preview.sheets.every((p) => p.change === 'unchanged'))
    return text(say('files.importUnchanged', { file: received.name }));
  const id = await holdFile(deps, documents, who, received, 'import', { ext: 'xlsx', mime: XLSX_MIME });
  const card = importCard({
    id,
    fileName: received.name,
    sheets: preview.sheets,
    warnings: preview.warnings,
    hours: PENDING_HOURS,
  });
  return { replies: [{ kind: 'card', card }] };
}

function resultCard(title: string, tone: Card['tone'], body: string): Card {
  return { title, tone, blocks: [{ kind: 'text', text: body }] };
}

/** 确认保存 / 取消 on the import card: only its sender, once, before it expires. */
export async function answerImport(
  deps: BotDeps,
  who: Identified,
  action: { id: string; what: 'confirm' | 'cancel' },
): Promise<BotResponse> {
  const held = await heldUpload(deps, who, action.id, 'import');
  if ('refused' in held) return held.refused;
  const { pending, documents } = held;
  const now = deps.now();
  const resolution = action.what === 'confirm' ? 'confirmed' : 'cancelled';
  if (!(await resolvePendingUpload(deps.store, pending.id, resolution, now)))
    return toast('warning', say('files.expired'));
  const title = say('files.importTitle', { file: pending.fileName });
  if (action.what === 'cancel') {
    await documents.delete(pending.storageKey);
    const body = say('files.importCancelled', { file: pending.fileName });
    return {
      toast: { tone: 'info', text: say('files.cancelledToast') },
      update: resultCard(title, 'info', body),
      replies: [],
    };
  }
  const stored = await documents.get(pending.storageKey);
  if (!stored) return toast('danger', say('files.fileGone'));
  const result = await commitImport(
    deps.store,
    { as: who.contact.id, buffer: stored.bytes },
    now,
    deps.parseWorkbook,
  );
  await documents.delete(pending.storageKey);
  const roster = await loadRoster(deps.store);
  for (const saved of result.saved)
    await requestReview(deps, roster, saved.plan.ledger.id, saved.plan.period, saved.plan.county.id);
  const savedLines = result.saved.map((s) => {
    const confirmer = confirmerOf(reviewersOf(roster, s.plan.ledger, s.plan.county));
    return say(confirmer ? 'files.importSavedAwaits' : 'files.importSavedLine', {
      ledger: s.plan.ledger.title,
      county: s.plan.county.name,
      period: s.plan.period,
      revision: s.revision,
      confirmer,
    });
  });
  if (!result.ok) {
    const body = say('files.importPartlyFailed', {
      file: pending.fileName,
      saved: savedLines.length > 0 ? savedLines.join('；') : say('files.none'),
      lines: problemLines(result.problems),
    });
    return {
      toast: { tone: 'danger', text: say('files.notSavedToast') },
      update: resultCard(title, 'danger', body),
      replies: [],
    };
  }
  const body = say('files.importSaved', { file: pending.fileName, lines: savedLines.join('\n') });
  return {
    toast: { tone: 'success', text: say('files.savedToast') },
    update: resultCard(title, 'success', body),
    replies: [],
  };
}
