// The phrasing corpus (corpus.ts) read by the parser as each role would send it: every reading must be
// the expected one, and the accuracy per intent is printed so a regression shows where it is.
import { describe, expect, it } from 'vitest';
import { formatPeriod } from '../../src/domain/period.ts';
import { understand } from '../../src/understanding/understand.ts';
import { CORPUS } from './corpus.ts';
import { askerOf, DEMO_LEXICON } from './support.ts';

const DEFAULT_NOW = '2023-03-28T10:00:00+08:00';

describe('the phrasing corpus', () => {
  it(`reads all ${CORPUS.length} messages as expected`, () => {
    const wrong: string[] = [];
    const perIntent = new Map<string, { right: number; all: number }>();
    for (const c of CORPUS) {
      const r = understand(c.text, {
        lexicon: DEMO_LEXICON,
        asker: askerOf(c.as),
        now: new Date(c.now ?? DEFAULT_NOW),
      });
      const got = {
        intent: r.intent,
        ledger: r.ledger,
        period: r.period ? formatPeriod(r.period) : null,
        county: r.county,
        city: r.city,
        filter: r.filter,
      };
      const want = {
        intent: c.intent,
        ledger: c.ledger,
        period: c.period,
        county: c.county,
        city: c.city,
        filter: c.filter,
      };
      const ok = JSON.stringify(got) === JSON.stringify(want);
      const tally = perIntent.get(c.intent) ?? { right: 0, all: 0 };
      perIntent.set(c.intent, { right: tally.right + (ok ? 1 : 0), all: tally.all + 1 });
      if (!ok)
        wrong.push(`${c.as} “${c.text}”\n    want ${JSON.stringify(want)}\n    got  ${JSON.stringify(got)}`);
    }
    const table = [...perIntent.entries()].map(([intent, t]) => `${intent.padEnd(11)} ${t.right}/${t.all}`);
    console.log(`per-intent accuracy:\n${table.join('\n')}`);
    expect(wrong).toEqual([]);
  });
});

describe('the other titles the notice gives an attachment', () => {
  it('reads 附件5 and 附件3 by their header titles (titleAliases), not as whichever alias they contain', () => {
    const read = (text: string) =>
      understand(text, { lexicon: DEMO_LEXICON, asker: askerOf('bureau'), now: new Date(DEFAULT_NOW) });
    // The 附件5 header title contains 区域协作, an alias of 附件3.
    expect(read('填报省内区域协作基层单位结对关系系统台账')).toMatchObject({ intent: 'fill', ledger: 'a5' });
    expect(read('谁还没报省内区域协作工作进展情况台账')).toMatchObject({
      intent: 'unreported',
      ledger: 'a3',
    });
  });
});
