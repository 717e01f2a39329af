// The roster reaches D1 the way the README tells an operator: `roster d1-sql` writes the roster of the
// local SQLite file as SQL, wrangler applies migrations/ and that file to a local D1, and D1 then holds
// the same units, relations, villages and contacts (a name with a quote included).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { holidaysSql, saveSchedule, scheduleVersions } from '../../src/store/holidays-repo.ts';
import { loadRoster, saveRoster } from '../../src/store/roster-repo.ts';
import { rosterSql } from '../../src/store/roster-sql.ts';
import { demoStore, root } from '../support/demo-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'bangfu-d1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function wrangler(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    root('node_modules/.bin/wrangler'),
    [...args, '--local', '--persist-to', dir],
    {
      cwd: root(''),
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        CI: 'true',
      },
    },
  );
  return stdout;
}

describe('the roster on D1', () => {
  it('is carried from SQLite to D1 whole by `roster d1-sql` and `wrangler d1 execute --file`', async () => {
    const { store, db } = await demoStore();
    const demo = await loadRoster(store);
    const first = demo.contacts[0];
    if (!first) throw new Error('the demo roster has no contacts');
    const edited = {
      ...demo,
      contacts: demo.contacts.map((c) => (c.id === first.id ? { ...c, name: "O'Neil 张（演示）" } : c)),
    };
    await saveRoster(store, edited);
    const roster = await loadRoster(store);
    writeFileSync(join(dir, 'roster.sql'), rosterSql(store, roster));
    // The holiday schedules go the same way (`holidays d1-sql`), the pasted text with its quotes and lines.
    await saveSchedule(
      store,
      {
        year: 2027,
        rest: ['2027-01-01'],
        work: ['2027-01-09'],
        sourceText: "元旦：1月1日放假。\n'引号'",
        enteredBy: '王明',
      },
      new Date('2026-12-01T02:00:00Z'),
    );
    writeFileSync(join(dir, 'holidays.sql'), holidaysSql(store, await scheduleVersions(store)));
    await store.close();
    await db.cleanup();

    await wrangler('d1', 'migrations', 'apply', 'DB');
    await wrangler('d1', 'execute', 'DB', '--file', join(dir, 'roster.sql'), '--yes');
    await wrangler('d1', 'execute', 'DB', '--file', join(dir, 'holidays.sql'), '--yes');
    const out = await wrangler(
      'd1',
      'execute',
      'DB',
      '--json',
      '--command',
      `SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM relations) AS relations,
        (SELECT count(*) FROM stationed_villages) AS villages, (SELECT count(*) FROM contacts) AS contacts,
        (SELECT name FROM contacts WHERE id = '${first.id}') AS name,
        (SELECT version FROM roster_version) AS version,
        (SELECT source_text || '|' || work_days FROM holiday_schedules WHERE year = 2027) AS holidays`,
    );
    const [result] = JSON.parse(out) as { results: Record<string, unknown>[] }[];
    expect(result?.results[0]).toEqual({
      units: roster.units.length,
      relations: roster.relations.length,
      villages: roster.villages.length,
      contacts: roster.contacts.length,
      name: "O'Neil 张（演示）",
      version: 1,
      holidays: '元旦：1月1日放假。\n\'引号\'|["2027-01-09"]',
    });
  }, 120_000);
});
