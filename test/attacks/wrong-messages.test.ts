// Finding 12: a careless file got the wrong message — a 31-character contact name and a list where a
// text belongs were both reported as "含有不可见的控制字符". Each is now told as what it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoMobile, root, type TempDb, tempDb } from '../support/demo-store.ts';
import { type Cli, cliFor, revisionRows, seedRoster } from '../support/excel.ts';

let db: TempDb;
let cli: Cli;
beforeEach(async () => {
  db = await tempDb();
  cli = cliFor(db, new Date('2023-03-28T02:00:00Z'));
  await seedRoster(cli);
});
afterEach(() => db.cleanup());

describe('a careless file is told what is wrong with it', () => {
  it('a contact name of 31 characters: too long, with the limit, not "control characters"', async () => {
    const name = '欧阳'.repeat(15).concat('甲');
    expect([...name]).toHaveLength(31);
    const sheet = join(db.dir, 'contacts.csv');
    writeFileSync(
      sheet,
      `unit_kind,unit,name,mobile,platform,platform_user_id,demo\ncounty,竹山县,${name},13912345678,,,\n`,
    );
    const result = await cli('roster', 'import', sheet);
    expect(result.code).toBe(1);
    expect(result.out).toContain('第2行 name：最多30个字（收到31个字）');
    expect(result.out).not.toContain('控制字符');
    const exported = await cli('roster', 'export', '--sheet', 'contacts');
    expect(exported.out).not.toContain(name);
  });

  it('a list where a text belongs: "应填一段文字", not "control characters"', async () => {
    const body = JSON.parse(readFileSync(root('test/fixtures/a2-yunyang.json'), 'utf8')) as {
      rows: Record<string, unknown>[];
    };
    const row = body.rows[0] ?? {};
    row.省直定点帮扶单位 = ['省委宣传部', '省教育厅'];
    row.主要负责同志 = true;
    const file = join(db.dir, 'a2.json');
    writeFileSync(file, JSON.stringify(body));
    const as = demoMobile('county', '郧阳区');
    const result = await cli('submit', '--as', as, '--ledger', 'a2', '--period', '2023Q1', file);
    expect(result.code).toBe(1);
    expect(result.out).toContain('省直定点帮扶单位：应填一段文字，收到的却是一组值（列表）');
    expect(result.out).toContain('主要负责同志：应填一个整数，收到的却是是/否（true/false）');
    expect(result.out).not.toContain('控制字符');
    expect(await revisionRows(db)).toBe(0);
  });
});
