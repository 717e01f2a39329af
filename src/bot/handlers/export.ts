// "导出 [期间] [台账]": the official workbook of the period, scoped to what the asker may see, sent
// to the asker as a file (the channel uploads it, then sends it as a file message).
import { exportWorkbook } from '../../app/excel.ts';
import { quarterNowDue } from '../../domain/current-period.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import { sheetNameOf } from '../../excel/layout.ts';
import { say } from '../../prompts.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import type { BotResponse } from '../model.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportChat(
  deps: BotDeps,
  who: Identified,
  ask: { ledger: LedgerId | null; period: Period | null },
): Promise<BotResponse> {
  const period = ask.period ?? quarterNowDue(deps.now());
  const result = await exportWorkbook(
    deps.store,
    { period: formatPeriod(period), ...(ask.ledger ? { ledger: ask.ledger } : {}), as: who.contact.id },
    deps.now(),
  );
  if (!result.ok) {
    const problems = result.problems.map((p) => p.message).join('；');
    return { replies: [{ kind: 'text', text: say('files.exportFailed', { problems }) }] };
  }
  const whole = who.unit.kind === 'bureau';
  const text = say('files.exportDone', {
    filename: result.filename,
    ledgers: result.ledgers.map(sheetNameOf).join('、'),
    rows: result.rows,
    scope: whole ? say('files.scopeAll') : who.unit.name,
  });
  return {
    replies: [
      { kind: 'text', text },
      {
        kind: 'file',
        // A plain Uint8Array (not a Buffer), so it serialises the same way everywhere.
        file: { filename: result.filename, mime: XLSX_MIME, bytes: new Uint8Array(result.buffer) },
      },
    ],
  };
}
