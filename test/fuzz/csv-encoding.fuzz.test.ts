// CSV encodings (issue 22, finding 3): roster text in every encoding Excel saves, and random bytes.
// A decoded file is exactly what was written — never mojibake, never U+FFFD — or it is refused with a
// message naming the file; `roster import` of random bytes changes nothing unless it is a roster.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCsv } from '../../src/app/csv-encoding.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { root, type TempDb, tempDb } from '../support/demo-store.ts';
import { type Cli, cliFor } from '../support/excel.ts';

const RUNS = 300;
/** Characters a roster holds: common hanzi (GB2312), ASCII letters, digits and CSV punctuation. */
const HANZI = '竹山县郧阳区十堰市房县丹江口省委宣传部乡村振兴局帮扶单位联络员张王李赵刘陈杨黄周吴';
const rosterChar = fc.oneof(
  fc.constantFrom(...HANZI),
  fc.constantFrom(...'abcXYZ0123456789,;"-_ （）'),
  fc.constantFrom('\n', '\r\n'),
);
const rosterText = fc.array(rosterChar, { minLength: 1, maxLength: 200 }).map((cs) => cs.join(''));
/** Lines of the shipped rosters, some of them in any order, with a random cell: Chinese as rosters
 *  write it, enough of it for the bytes to say what they are (three lines and more). */
const LINES = [
  ...readFileSync(root('data/roster.csv'), 'utf8').split('\n'),
  ...readFileSync(root('data/demo-contacts.csv'), 'utf8').split('\n'),
].filter((l) => l.trim() !== '');
const longChinese = fc
  .tuple(fc.shuffledSubarray(LINES, { minLength: 3, maxLength: 12 }), rosterText)
  .map(([lines, cell]) => [...lines, cell].join('\n'));

const withBom = (bom: number[], body: Uint8Array) => Buffer.concat([Buffer.from(bom), body]);

describe('decoding a CSV', () => {
  it('UTF-8, UTF-8 with BOM, UTF-16LE/BE with BOM: exactly the text written', () => {
    fc.assert(
      fc.property(rosterText, (text) => {
        for (const bytes of [
          Buffer.from(text),
          withBom([0xef, 0xbb, 0xbf], Buffer.from(text)),
          withBom([0xff, 0xfe], iconv.encode(text, 'utf-16le')),
          withBom([0xfe, 0xff], iconv.encode(text, 'utf-16be')),
        ]) {
          const decoded = decodeCsv(bytes, 'x.csv');
          expect(decoded).toMatchObject({ ok: true, text });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('GBK and GB18030 roster lines: exactly the text written, or (a few short ones) refused', () => {
    let read = 0;
    fc.assert(
      fc.property(longChinese, fc.constantFrom('gbk', 'gb18030'), (text, encoding) => {
        const decoded = decodeCsv(iconv.encode(text, encoding), 'x.csv');
        if (decoded.ok) {
          read++;
          expect(decoded).toMatchObject({ text, encoding: 'gb18030' });
        } else expect(decoded.message).toContain('x.csv');
      }),
      { numRuns: RUNS },
    );
    // Three lines are sometimes too few for chardet to tell GBK from EUC-KR (their hanzi share bytes):
    // those are refused, never misread; nearly all are read.
    expect(read).toBeGreaterThan(RUNS * 0.9);
  });

  it('any bytes: the written text or a refusal naming the file; never U+FFFD', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const decoded = decodeCsv(bytes, '随机.csv');
        if (decoded.ok) expect(decoded.text).not.toContain('\ufffd');
        else expect(decoded.message).toContain('随机.csv');
      }),
      { numRuns: RUNS * 3 },
    );
  });

  // Not EUC-KR: its hanja are GB2312's hanzi, byte for byte; Korean text (hangul) is what chardet tells.
  it('Big5 and Shift_JIS roster lines are refused or read exactly, never as mojibake', () => {
    fc.assert(
      fc.property(longChinese, fc.constantFrom('big5', 'shift_jis'), (text, encoding) => {
        const bytes = iconv.encode(text, encoding);
        // Characters the encoding lacks come out as '?': compare with what it can hold.
        const held = iconv.decode(bytes, encoding);
        const decoded = decodeCsv(bytes, 'x.csv');
        if (decoded.ok) expect(decoded.text).toBe(held);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('roster import of random bytes', () => {
  let db: TempDb;
  let cli: Cli;
  beforeAll(async () => {
    db = await tempDb();
    cli = cliFor(db, new Date('2023-03-28T02:00:00Z'));
  });
  afterAll(() => db.cleanup());

  it('exits 0 or 1, and a refusal leaves the roster as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          rosterText.map((t) => iconv.encode(`county,city\n${t}`, 'gbk')),
        ),
        async (bytes) => {
          const store = await db.open();
          const before = await loadRoster(store);
          await store.close();
          const path = join(db.dir, 'random.csv');
          writeFileSync(path, bytes);
          const result = await cli('roster', 'import', path);
          expect([0, 1]).toContain(result.code);
          if (result.code === 1) {
            const after = await db.open();
            expect(await loadRoster(after)).toEqual(before);
            await after.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
