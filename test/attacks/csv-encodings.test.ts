// Finding 3: Excel on Chinese Windows saves CSV as GBK; `roster import` read it as UTF-8 and created
// units named ������ while printing 已导入. The encoding is now detected (BOM, valid UTF-8, else chardet)
// and decoded, or the file is refused naming it and the encodings accepted, changing nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { root, type TempDb, tempDb } from '../support/demo-store.ts';
import { type Cli, cliFor } from '../support/excel.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const COUNTIES = readFileSync(root('data/roster.csv'), 'utf8');
const CONTACTS = readFileSync(root('data/demo-contacts.csv'), 'utf8');

let db: TempDb;
let cli: Cli;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, NOW);
});
afterEach(() => db.cleanup());

function saved(name: string, bytes: Uint8Array): string {
  const path = join(db.dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function roster() {
  const store = await db.open();
  try {
    return await loadRoster(store);
  } finally {
    await store.close();
  }
}

/** Every unit and contact name of the imported roster, for comparing with the UTF-8 import. */
async function names(): Promise<string[]> {
  const r = await roster();
  return [...r.units.map((u) => u.name), ...r.contacts.map((c) => c.name)].sort();
}

describe('a roster CSV in the encodings Excel saves', () => {
  it('GBK (Excel’s “CSV” on Chinese Windows) imports the same names as UTF-8, never mojibake', async () => {
    const gbk = await cli('roster', 'import', saved('名册.csv', iconv.encode(COUNTIES, 'gbk')));
    expect(gbk.code, gbk.out + gbk.err).toBe(0);
    const contacts = await cli('roster', 'import', saved('联系人.csv', iconv.encode(CONTACTS, 'gbk')));
    expect(contacts.code, contacts.out + contacts.err).toBe(0);
    const fromGbk = await names();
    expect(fromGbk).toContain('竹山县');
    expect(fromGbk.join('')).not.toContain('\ufffd');

    await db.cleanup();
    db = await tempDb();
    cli = cliFor(db, NOW);
    expect((await cli('roster', 'import', root('data/roster.csv'))).code).toBe(0);
    expect((await cli('roster', 'import', root('data/demo-contacts.csv'))).code).toBe(0);
    expect(await names()).toEqual(fromGbk);
  });

  it('UTF-8 with a BOM (“CSV UTF-8”) and UTF-16 tab-separated (“Unicode text”) import too', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(COUNTIES)]);
    expect((await cli('roster', 'import', saved('utf8-bom.csv', bom))).code).toBe(0);
    const tsv = CONTACTS.split('\n')
      .map((line) => line.split(',').join('\t'))
      .join('\r\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(tsv, 'utf-16le')]);
    const imported = await cli('roster', 'import', saved('unicode.txt', utf16));
    expect(imported.code, imported.out + imported.err).toBe(0);
    expect((await roster()).contacts.length).toBeGreaterThan(10);
    expect(await names()).toContain('竹山县');
  });

  it('Big5 or a damaged file is refused naming the file and the encodings accepted; nothing changes', async () => {
    expect((await cli('roster', 'import', root('data/roster.csv'))).code).toBe(0);
    const before = await roster();
    for (const [name, bytes] of [
      ['繁体.csv', iconv.encode(COUNTIES, 'big5')],
      ['损坏.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(COUNTIES, 'gbk')])],
      ['日文.csv', iconv.encode(CONTACTS, 'shift_jis')],
    ] as const) {
      const result = await cli('roster', 'import', saved(name, bytes));
      expect(result.code, name).toBe(1);
      expect(result.out + result.err).toContain(name);
      expect(result.out + result.err).toMatch(/GBK（GB18030）|UTF-8/);
      expect(result.out + result.err).not.toContain('已导入');
    }
    expect(await roster()).toEqual(before);
  });
});
