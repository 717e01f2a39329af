// The documents counties owe (D1, D2 of DESIGN §2) and receive in chat: which ones a county still
// owes (from the calendar's declarations, never a fixed list), filing a received file under one of
// them, and what counts as fulfilled for status and reminders (every document of the obligation in).
import { createHash } from 'node:crypto';
import {
  appliesTo,
  type DocumentKind,
  OBLIGATIONS,
  type ObligationId,
  type ObligationSpec,
} from '../domain/calendar.ts';
import type { Roster, RosterUnit } from '../domain/roster.ts';
import type { Fulfilled } from '../domain/status.ts';
import type { DocumentLine } from '../excel/documents-sheet.ts';
import { say } from '../prompts.ts';
import type { DocumentStore } from '../store/document-store.ts';
import {
  type DocumentRecord,
  expiredPendingUploads,
  expirePendingUpload,
  insertDocument,
  listDocuments,
} from '../store/documents-repo.ts';
import type { Store } from '../store/store.ts';

export interface OwedDocument {
  obligation: ObligationId;
  kind: DocumentKind;
}

/** The documents a county owes for a year, in the calendar's order. */
export function owedDocuments(county: RosterUnit): OwedDocument[] {
  return documentObligations()
    .filter((o) => appliesTo(o, county))
    .flatMap((o) =>
      o.fulfilment.kind === 'documents'
        ? o.fulfilment.documents.map((kind) => ({ obligation: o.id, kind }))
        : [],
    );
}

export function documentObligations(): ObligationSpec[] {
  return OBLIGATIONS.filter((o) => o.fulfilment.kind === 'documents');
}

export interface CountyDocuments {
  owed: OwedDocument[];
  received: DocumentRecord[];
  /** Owed and not yet received. */
  missing: OwedDocument[];
}

export async function countyDocuments(
  store: Store,
  county: RosterUnit,
  year: number,
): Promise<CountyDocuments> {
  const owed = owedDocuments(county);
  const received = await listDocuments(store, year, [county.id]);
  const missing = owed.filter(
    (d) => !received.some((r) => r.kind === d.kind && r.obligation === d.obligation),
  );
  return { owed, received, missing };
}

/** A document obligation is fulfilled by a county once every one of its documents is in. */
export async function documentsFulfilled(
  store: Store,
  obligation: ObligationSpec,
  year: number,
): Promise<Fulfilled[]> {
  if (obligation.fulfilment.kind !== 'documents') return [];
  const kinds = obligation.fulfilment.documents;
  const records = (await listDocuments(store, year)).filter((r) => r.obligation === obligation.id);
  const byCounty = new Map<string, DocumentRecord[]>();
  for (const r of records) byCounty.set(r.countyId, [...(byCounty.get(r.countyId) ?? []), r]);
  return [...byCounty].flatMap(([countyId, list]) => {
    // When each document first came in; the obligation was complete when the last of them did.
    const firsts = kinds.map((k) => list.find((r) => r.kind === k)?.receivedAt);
    if (firsts.some((at) => at === undefined)) return [];
    const times = list.map((r) => r.receivedAt).sort();
    return [
      {
        countyId,
        partner: null,
        firstAt: (firsts as string[]).sort().at(-1) ?? '',
        lastAt: times.at(-1) ?? '',
        revisions: list.length,
      },
    ];
  });
}

export interface ReceivedFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  ext: string;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a document's bytes live: documents/<year>/<county>/<kind>/<id>.<ext>, each part a key segment. */
export function documentKey(year: number, countyId: string, kind: string, id: string, ext: string): string {
  return `documents/${year}/${keySegment(countyId)}/${keySegment(kind)}/${keySegment(id)}.${keySegment(ext)}`;
}

/**
 * A part as a key segment ([\w-], what every document store takes). A part that is one already stays as
 * it is; any other keeps its ASCII letters for the eye and gets a hash of the whole part, so two
 * counties never share a folder: county:竹山县 and county:郧阳区 both read "county____" before.
 */
export function keySegment(part: string): string {
  if (/^[\w-]+$/.test(part)) return part;
  const readable = part.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
  return `${readable}-${createHash('sha256').update(part, 'utf8').digest('hex').slice(0, 12)}`;
}

export interface FileDocument {
  id: string;
  county: RosterUnit;
  year: number;
  owed: OwedDocument;
  file: { bytes: Uint8Array; fileName: string; mime: string; ext: string; sha256: string };
  contactId: string;
  unitId: string;
  now: Date;
}

/** Stores the bytes, then records the row (a row never points at bytes that are not there). */
export async function fileDocument(
  store: Store,
  documents: DocumentStore,
  input: FileDocument,
): Promise<DocumentRecord> {
  const key = documentKey(input.year, input.county.id, input.owed.kind, input.id, input.file.ext);
  await documents.put(key, input.file.bytes, input.file.mime);
  const record: DocumentRecord = {
    id: input.id,
    countyId: input.county.id,
    year: input.year,
    obligation: input.owed.obligation,
    kind: input.owed.kind,
    fileName: input.file.fileName,
    mime: input.file.mime,
    size: input.file.bytes.byteLength,
    sha256: input.file.sha256,
    storageKey: key,
    contactId: input.contactId,
    unitId: input.unitId,
    receivedAt: input.now.toISOString(),
  };
  await insertDocument(store, record);
  return record;
}

/** The counties of a scope with the documents they owe and sent, for status, export and dashboard. */
export async function documentsByCounty(
  store: Store,
  roster: Roster,
  year: number,
  countyIds: readonly string[] | undefined,
): Promise<{ county: RosterUnit; documents: CountyDocuments }[]> {
  const counties = roster.units.filter(
    (u) => u.kind === 'county' && (countyIds === undefined || countyIds.includes(u.id)),
  );
  const received = await listDocuments(store, year, countyIds);
  return counties.map((county) => {
    const owed = owedDocuments(county);
    const mine = received.filter((r) => r.countyId === county.id);
    const missing = owed.filter((d) => !mine.some((r) => r.kind === d.kind && r.obligation === d.obligation));
    return { county, documents: { owed, received: mine, missing } };
  });
}

/** The rows of the export's "报送材料" sheet; null when nothing was received in scope (no sheet then). */
export async function documentLines(
  store: Store,
  roster: Roster,
  year: number,
  countyIds: readonly string[] | undefined,
): Promise<DocumentLine[] | null> {
  const all = await documentsByCounty(store, roster, year, countyIds);
  if (all.every((c) => c.documents.received.length === 0)) return null;
  const titles = new Map(documentObligations().map((o) => [o.id, o.title]));
  return all.flatMap(({ county, documents }) =>
    documents.owed.flatMap((owed): DocumentLine[] => {
      const files = documents.received.filter(
        (r) => r.kind === owed.kind && r.obligation === owed.obligation,
      );
      const base = {
        county: county.name,
        obligation: `${owed.obligation} ${titles.get(owed.obligation) ?? ''}`,
        document: say(`files.kind.${owed.kind}`),
      };
      if (files.length === 0) return [{ ...base, file: null }];
      return files.map((r) => ({
        ...base,
        file: {
          name: r.fileName,
          size: r.size,
          by: roster.contacts.find((c) => c.id === r.contactId)?.name ?? r.contactId,
          at: r.receivedAt,
          sha256: r.sha256,
        },
      }));
    }),
  );
}

/** Removes the bytes of files nobody answered for in time (run with the hourly housekeeping). */
export async function pruneExpiredUploads(
  store: Store,
  documents: DocumentStore,
  now: Date,
): Promise<number> {
  let removed = 0;
  for (const upload of await expiredPendingUploads(store, now)) {
    if (!(await expirePendingUpload(store, upload.id, now))) continue;
    await documents.delete(upload.storageKey);
    removed += 1;
  }
  return removed;
}
