// A real .xlsx that is small on the wire and huge inside (issue 22, finding 1): a filled template whose
// 附件2 sheet goes on for millions of rows, each a figure in the 实际投入帮扶资金 column, deflated as
// Excel does. Under the 10 MB limit; exceljs alone takes ~45 s and gigabytes to load it.
import { createDeflate, createDeflateRaw, createGzip } from 'node:zlib';
import {
  configure,
  TextWriter,
  Uint8ArrayReader,
  Uint8ArrayWriter,
  ZipReader,
  ZipWriter,
} from '@zip.js/zip.js';

/** zlib's strongest deflate, as a CompressionStream for zip.js (the runtime's own has no level), in the
 *  format zip.js asks for (gzip, to have the CRC with it). */
class StrongDeflate extends TransformStream<Uint8Array, Uint8Array> {
  constructor(format: 'gzip' | 'deflate' | 'deflate-raw') {
    const options = { level: 9, memLevel: 9 };
    const zlib =
      format === 'gzip'
        ? createGzip(options)
        : format === 'deflate'
          ? createDeflate(options)
          : createDeflateRaw(options);
    super({
      start(controller) {
        zlib.on('data', (data: Buffer) => controller.enqueue(new Uint8Array(data)));
      },
      transform: (chunk) => new Promise<void>((resolve) => zlib.write(Buffer.from(chunk), () => resolve())),
      flush: () =>
        new Promise<void>((resolve) => {
          zlib.once('end', resolve);
          zlib.end();
        }),
    });
  }
}

/** `template` (an exported workbook) with `rows` more rows, of `cells` figures each, at the end of its
 *  first sheet. */
export async function workbookBomb(template: Uint8Array, rows = 2_000_000, cells = 1): Promise<Uint8Array> {
  const reader = new ZipReader(new Uint8ArrayReader(template));
  configure({ CompressionStream: StrongDeflate, useWebWorkers: false });
  const writer = new ZipWriter(new Uint8ArrayWriter());
  const entries = await reader.getEntries();
  const first = firstSheet(
    await text(entries, 'xl/workbook.xml'),
    await text(entries, 'xl/_rels/workbook.xml.rels'),
  );
  for (const entry of entries) {
    if (entry.directory) continue;
    const data = await entry.getData(new Uint8ArrayWriter());
    if (entry.filename !== first) {
      await writer.add(entry.filename, new Uint8ArrayReader(data));
      continue;
    }
    const xml = new TextDecoder().decode(data);
    const end = xml.lastIndexOf('</sheetData>');
    const last = Math.max(...[...xml.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1])));
    const head = xml.slice(0, end);
    const tail = xml.slice(end);
    const encoder = new TextEncoder();
    let r = last;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(head));
      },
      pull(controller) {
        if (r >= last + rows) {
          controller.enqueue(encoder.encode(tail));
          controller.close();
          return;
        }
        const to = Math.min(last + rows, r + 20_000);
        let chunk = '';
        for (r++; r <= to; r++) chunk += `<row r="${r}">${row(r, cells)}</row>`;
        r = to;
        controller.enqueue(encoder.encode(chunk));
      },
    });
    await writer.add(entry.filename, stream);
  }
  await reader.close();
  return writer.close();
}

async function text(entries: Awaited<ReturnType<ZipReader<unknown>['getEntries']>>, name: string) {
  const entry = entries.find((e) => e.filename === name);
  if (!entry || entry.directory) throw new Error(`the template has no ${name}`);
  return entry.getData(new TextWriter());
}

/** The part of the workbook's first sheet. */
function firstSheet(workbook: string, rels: string): string {
  const id = /<sheet\b[^>]*\sr:id="([^"]+)"/.exec(workbook)?.[1];
  const target =
    new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
  if (!target) throw new Error('the template names no first sheet');
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

const COLUMNS = Array.from({ length: 26 * 27 }, (_, i) =>
  i < 26
    ? String.fromCharCode(72 + i)
    : `${String.fromCharCode(64 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`,
);

/** `cells` figures from column H on (H is 实际投入帮扶资金 in 附件2). */
function row(r: number, cells: number): string {
  let xml = '';
  for (let c = 0; c < cells; c++) xml += `<c r="${COLUMNS[c]}${r}"><v>1</v></c>`;
  return xml;
}

/**
 * The same zip with the part at `path` declaring `size` bytes inflated — in the directory and in its
 * local header — whatever it really inflates to: a bomb that lies about itself.
 */
export function understated(zip: Uint8Array, path: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const name = new TextEncoder().encode(path);
  const named = (at: number) => name.every((b, i) => out[at + i] === b);
  let patched = 0;
  for (let at = 0; at + 46 <= out.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x02014b50 && view.getUint16(at + 28, true) === name.length && named(at + 46)) {
      view.setUint32(at + 24, size, true);
      const local = view.getUint32(at + 42, true);
      if (view.getUint32(local + 22, true) !== 0) view.setUint32(local + 22, size, true);
      patched++;
    }
  }
  if (patched !== 1) throw new Error(`${path} is not in the zip's directory once`);
  return out;
}
