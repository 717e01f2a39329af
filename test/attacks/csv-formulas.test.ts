// Finding 7: a contact named =1+2 (or =HYPERLINK(…)) was written raw into `roster export`, and Excel
// or WPS runs it as a formula when the bureau opens the file. Export now writes such a cell with an
// apostrophe in front; import takes it off, so the round trip is lossless.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDb, tempDb } from '../support/demo-store.ts';
import { type Cli, cliFor, seedRoster } from '../support/excel.ts';

let db: TempDb;
let cli: Cli;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, new Date('2023-03-28T02:00:00Z'));
  await seedRoster(cli);
});
afterEach(() => db.cleanup());

const FORMULAS = ['=1+2', '=HYPERLINK("http://e.vil","点")', '+SUM(A1)', '-2+3', '@SUM(A1)'];

async function exported(sheet: 'contacts' | 'counties'): Promise<string[][]> {
  const result = await cli('roster', 'export', '--sheet', sheet);
  expect(result.code).toBe(0);
  return parse(result.out) as string[][];
}

describe('formulas in the roster CSV', () => {
  it('contact names that start like a formula are exported inert, and come back as written', async () => {
    const sheet = join(db.dir, 'contacts.csv');
    const rows = FORMULAS.map((name, i) => `county,竹山县,"${name.replace(/"/g, '""')}",1391234567${i},,,`);
    writeFileSync(sheet, ['unit_kind,unit,name,mobile,platform,platform_user_id,demo', ...rows].join('\n'));
    expect((await cli('roster', 'import', sheet)).code).toBe(0);

    const cells = (await exported('contacts')).flat();
    for (const name of FORMULAS) {
      expect(cells).toContain(`'${name}`);
      expect(cells).not.toContain(name);
    }
    // The export read back in (a person's round trip) changes no name.
    const file = join(db.dir, 'exported.csv');
    writeFileSync(file, (await cli('roster', 'export', '--sheet', 'contacts')).out);
    expect((await cli('roster', 'import', file)).code).toBe(0);
    const again = (await exported('contacts')).flat();
    expect(again.filter((c) => c.startsWith("'")).sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
  });

  it('a county note or unit that starts with a tab, @ or = is exported inert too', async () => {
    const sheet = join(db.dir, 'counties.csv');
    writeFileSync(
      sheet,
      'county,city,hosts_central_units,lead_unit,source_note\n竹山县,十堰市,yes,"=cmd|\' /C calc\'!A0","@SUM(1,2)"\n',
    );
    expect((await cli('roster', 'import', sheet)).code).toBe(0);
    const row = (await exported('counties')).find((r) => r[0] === '竹山县') ?? [];
    expect(row).toContain("'@SUM(1,2)");
    expect(row.join('|')).toContain("'=cmd|' /C calc'!A0");
    expect(row.some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);
  });
});
