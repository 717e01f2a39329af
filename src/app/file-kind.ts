// What a received file is, from its first bytes (file-type's signatures) and, only where the bytes
// cannot tell (the old OLE container of both .doc and .xls), its name: a filled template to import,
// a document (PDF, JPEG/PNG, Word) to file, or something the bot does not take.
// The runtime-neutral entry (no node:fs), so the same detection runs on Workers.
export type FileKind =
  | { kind: 'workbook' }
  | { kind: 'document'; ext: 'pdf' | 'jpg' | 'png' | 'doc' | 'docx'; mime: string }
  | { kind: 'unsupported'; ext: string };

/** Limits: a filled template (as the importer's MAX_WORKBOOK_BYTES), and a document (scans are large). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

const DOCUMENT_EXTS = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

function extensionOf(name: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

export async function classifyFile(bytes: Uint8Array, name: string): Promise<FileKind> {
  const named = extensionOf(name);
  // file-type loads on the first file received, not at start: a serving process may never need it.
  const { fileTypeFromBuffer } = await import('file-type/core');
  const found = await fileTypeFromBuffer(bytes).catch(() => undefined);
  const ext = found?.ext ?? '';
  if (ext === 'xlsx') return { kind: 'workbook' };
  if (ext === 'pdf' || ext === 'jpg' || ext === 'png' || ext === 'docx')
    return { kind: 'document', ext, mime: DOCUMENT_EXTS[ext] };
  if (ext === 'cfb' && named === 'doc') return { kind: 'document', ext: 'doc', mime: DOCUMENT_EXTS.doc };
  // Anything named as a workbook goes to the importer, whose answers explain .xls, damaged and fake files.
  if (named === 'xlsx' || named === 'xls' || ext === 'cfb' || ext === 'zip') return { kind: 'workbook' };
  return { kind: 'unsupported', ext: named || ext || '?' };
}
