// A document sent in chat (PDF, JPEG/PNG, Word): the county is asked which of the documents it owes
// this year it is (document-card.ts); on its answer the file is stored and recorded, which is what
// makes D1/D2 count as done in status, reminders, the dashboard and the export.
import { countyDocuments, documentObligations, fileDocument, owedDocuments } from '../../app/documents.ts';
import type { FileKind } from '../../app/file-kind.ts';
import type { Block, BotResponse, Card } from '../../conversation/model.ts';
import { localDate } from '../../domain/clock.ts';
import type { RosterUnit } from '../../domain/roster.ts';
import { say } from '../../prompts.ts';
import type { DocumentStore } from '../../store/document-store.ts';
import { resolvePendingUpload } from '../../store/documents-repo.ts';
import { documentChoiceCard, documentLabel } from '../cards/document-card.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import { heldUpload, holdFile, type Received, sizeText, text, toast } from './held-files.ts';

function yearOf(now: Date): number {
  return Number(localDate(now).slice(0, 4));
}

export async function askDocument(
  deps: BotDeps,
  documents: DocumentStore,
  who: Identified,
  received: Received,
  kind: Extract<FileKind, { kind: 'document' }>,
): Promise<BotResponse> {
  if (who.unit.kind !== 'county') return text(say('files.docNotCounty', { file: received.name }));
  const year = yearOf(deps.now());
  const status = await countyDocuments(deps.store, who.unit, year);
  if (status.owed.length === 0)
    return text(say('files.docNothingOwed', { county: who.unit.name, year, file: received.name }));
  const id = await holdFile(deps, documents, who, received, 'document', { ext: kind.ext, mime: kind.mime });
  const card = documentChoiceCard({
    id,
    fileName: received.name,
    size: sizeText(received.bytes.byteLength),
    county: who.unit.name,
    year,
    owed: status.owed,
    missing: status.missing,
  });
  return { replies: [{ kind: 'card', card }] };
}

function doneCard(tone: Card['tone'], lines: string[]): Card {
  return {
    title: say('files.docTitle'),
    tone,
    blocks: lines.map((t) => ({ kind: 'text' as const, text: t })),
  };
}

/** The sender pressed one of the documents (or 取消) on the choice card. */
export async function chooseDocument(
  deps: BotDeps,
  who: Identified,
  action: { id: string; k: string },
): Promise<BotResponse> {
  const held = await heldUpload(deps, who, action.id, 'document');
  if ('refused' in held) return held.refused;
  const { pending, documents } = held;
  const now = deps.now();
  const year = yearOf(now);
  const owed = owedDocuments(who.unit).find((d) => d.kind === action.k);
  if (action.k !== '' && !owed)
    return toast(
      'danger',
      say('files.docBadChoice', { choice: action.k.slice(0, 20), county: who.unit.name }),
    );
  if (
    !(await resolvePendingUpload(deps.store, pending.id, owed ? `document:${owed.kind}` : 'cancelled', now))
  )
    return toast('warning', say('files.expired'));
  if (!owed) {
    await documents.delete(pending.storageKey);
    return {
      toast: { tone: 'info', text: say('files.cancelledToast') },
      update: doneCard('info', [say('files.docCancelled', { file: pending.fileName })]),
      replies: [],
    };
  }
  const stored = await documents.get(pending.storageKey);
  if (!stored) return toast('danger', say('files.fileGone'));
  const ext = /\.(\w+)$/.exec(pending.storageKey)?.[1] ?? 'bin';
  await fileDocument(deps.store, documents, {
    id: pending.id,
    county: who.unit,
    year,
    owed,
    file: {
      bytes: stored.bytes,
      fileName: pending.fileName,
      mime: pending.mime,
      ext,
      sha256: pending.sha256,
    },
    contactId: who.contact.id,
    unitId: who.unit.id,
    now,
  });
  await documents.delete(pending.storageKey);
  const status = await countyDocuments(deps.store, who.unit, year);
  const lines = [
    say('files.docSaved', {
      file: pending.fileName,
      county: who.unit.name,
      year,
      document: documentLabel(owed),
    }),
    ...documentObligations()
      .filter((o) => status.owed.some((d) => d.obligation === o.id))
      .map((o) => {
        const missing = status.missing.filter((d) => d.obligation === o.id);
        return missing.length === 0
          ? say('files.docObligationDone', { obligation: o.title })
          : say('files.docObligationMissing', {
              obligation: o.title,
              list: missing.map(documentLabel).join('、'),
            });
      }),
  ];
  return {
    toast: { tone: 'success', text: say('files.savedToast') },
    update: doneCard('success', lines),
    replies: [],
  };
}

/** The documents line of a county's status card: what was received (with file names) and what not. */
export async function documentsBlocks(deps: BotDeps, county: RosterUnit, year: number): Promise<Block[]> {
  const status = await countyDocuments(deps.store, county, year);
  if (status.owed.length === 0) return [];
  const received = status.received.map((r) => `${documentLabel(r)}《${r.fileName}》`);
  const text = say('files.statusLine', {
    year,
    received: received.length > 0 ? received.join('、') : say('files.none'),
    missing: status.missing.length > 0 ? status.missing.map(documentLabel).join('、') : say('files.none'),
  });
  return [{ kind: 'note', text }];
}
