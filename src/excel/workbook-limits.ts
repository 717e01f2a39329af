// A workbook is checked as a zip before exceljs reads any of it: exceljs keeps every row of every sheet
// in memory, so a 9.6 MB file whose sheet inflated to two million rows held the server for 45 s and
// 2.6 GB (issue 22). The zip's directory comes first (how many parts, how large each says it is); then
// every part is inflated as a stream and counted — bytes, a worksheet's rows, the workbook's cells —
// and reading stops at the first limit passed, so a bomb costs only its first megabytes. The parts are
// the ones the zip's directory lists, as exceljs (JSZip) reads them.
import { configure, type FileEntry, Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import { type ExcelProblem, fileProblem } from './problems.ts';
import { MAX_SHEET_ROWS } from './read.ts';

// Inflating happens here, on the caller's thread, with the runtime's own DecompressionStream.
configure({ useWebWorkers: false });

/** What a filled template may hold: far above any county's sheet, far below what stalls a server. */
export const WORKBOOK_LIMITS = {
  /** Files inside the zip (a workbook has a dozen or two). */
  parts: 1000,
  /** All of them inflated. */
  inflatedBytes: 64 * 1024 * 1024,
  /** `<row>` elements of one sheet: MAX_SHEET_ROWS data rows, with room for titles, notes and blank
   *  rows someone formatted. */
  sheetRows: MAX_SHEET_ROWS + 1000,
  /** Cells of all sheets together, and strings in the shared-string table (exceljs: ~60 ms and
   *  ~0.5 MB for each thousand). */
  cells: 250_000,
} as const;

const MB = 1024 * 1024;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const SHARED_STRINGS = /^xl\/sharedStrings\.xml$/i;
const ROW = /<(?:[A-Za-z_][\w.-]*:)?row[\s/>]/g;
const CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s/>]/g;
const STRING = /<(?:[A-Za-z_][\w.-]*:)?si[\s/>]/g;
/** Longer than any tag start the patterns match: what is kept of a chunk for the next one. */
const CARRY = 32;

class Refused extends Error {
  constructor(readonly problem: ExcelProblem) {
    super(problem.message);
  }
}

/** The first limit the workbook passes, or a damaged zip; null when it may be read. */
export async function workbookLimitProblem(bytes: Uint8Array): Promise<ExcelProblem | null> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  try {
    const entries = (await reader.getEntries()).filter((e): e is FileEntry => !e.directory);
    if (entries.length > WORKBOOK_LIMITS.parts)
      return fileProblem('excel.tooManyParts', { count: entries.length, max: WORKBOOK_LIMITS.parts });
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > WORKBOOK_LIMITS.inflatedBytes) return tooBigInside();
    const counter = new Counter(await sheetNames(entries));
    for (const entry of entries) await counter.read(entry);
    return null;
  } catch (error) {
    if (error instanceof Refused) return error.problem;
    return fileProblem('excel.unreadable');
  } finally {
    await reader.close().catch(() => undefined);
  }
}

function tooBigInside(): ExcelProblem {
  return fileProblem('excel.tooBigInside', { max: WORKBOOK_LIMITS.inflatedBytes / MB });
}

class Counter {
  private bytes = 0;
  private cells = 0;

  constructor(private readonly names: ReadonlyMap<string, string>) {}

  async read(entry: FileEntry): Promise<void> {
    const path = entry.filename.replace(/^\//, '');
    const sheet = WORKSHEET.test(path);
    const strings = SHARED_STRINGS.test(path);
    let rows = 0;
    const text = sheet || strings ? new TextScanner() : null;
    await readEntry(entry, (chunk) => {
      this.bytes += chunk.byteLength;
      if (this.bytes > WORKBOOK_LIMITS.inflatedBytes) throw new Refused(tooBigInside());
      if (!text) return;
      const counts = text.count(chunk, sheet ? [ROW, CELL] : [STRING]);
      if (sheet) {
        rows += counts[0] ?? 0;
        this.cells += counts[1] ?? 0;
      } else this.cells += counts[0] ?? 0;
      if (rows > WORKBOOK_LIMITS.sheetRows) throw new Refused(this.tooManyRows(path));
      if (this.cells > WORKBOOK_LIMITS.cells)
        throw new Refused(
          fileProblem('excel.tooManyCells', { max: WORKBOOK_LIMITS.cells.toLocaleString('en') }),
        );
    });
  }

  private tooManyRows(path: string): ExcelProblem {
    const name = this.names.get(path.toLowerCase());
    const params = { max: WORKBOOK_LIMITS.sheetRows.toLocaleString('en'), rows: MAX_SHEET_ROWS };
    return name === undefined
      ? fileProblem('excel.sheetTooLongUnnamed', params)
      : fileProblem('excel.sheetTooLong', { ...params, name });
  }
}

/** Inflates an entry chunk by chunk into `take`, which may stop it by throwing. */
async function readEntry(entry: FileEntry, take: (chunk: Uint8Array) => void): Promise<void> {
  let stopped: unknown = null;
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      try {
        take(chunk);
      } catch (error) {
        stopped = error;
        throw error;
      }
    },
  });
  try {
    await entry.getData(sink);
  } catch (error) {
    throw stopped ?? error;
  }
}

/** Counts tag starts in UTF-8 text that arrives in chunks, a tag possibly split between two. */
class TextScanner {
  private readonly decoder = new TextDecoder();
  private carry = '';

  count(chunk: Uint8Array, patterns: readonly RegExp[]): number[] {
    const text = this.carry + this.decoder.decode(chunk, { stream: true });
    let counted = 0;
    const counts = patterns.map((pattern) => {
      let n = 0;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        n++;
        counted = Math.max(counted, m.index + m[0].length);
      }
      return n;
    });
    this.carry = text.slice(Math.max(counted, text.length - CARRY));
    return counts;
  }
}

/** Worksheet part → tab name, from xl/workbook.xml and its relationships (for the messages only). */
async function sheetNames(entries: readonly FileEntry[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const small = async (path: string) => {
    const entry = entries.find((e) => e.filename.replace(/^\//, '').toLowerCase() === path);
    if (!entry || entry.uncompressedSize > MB) return '';
    const parts: Uint8Array[] = [];
    let size = 0;
    await readEntry(entry, (chunk) => {
      size += chunk.byteLength;
      if (size > MB) throw new Refused(tooBigInside());
      parts.push(chunk);
    });
    return new TextDecoder().decode(concat(parts, size));
  };
  const workbook = await small('xl/workbook.xml');
  const rels = await small('xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const target = targets.get(attribute(tag, 'r:id') ?? attribute(tag, 'id') ?? '');
    if (name !== null && target) names.set(target.toLowerCase(), unescapeXml(name));
  }
  return names;
}

function attribute(tag: string, name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\s${escaped}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
