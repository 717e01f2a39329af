// The figure-question corpus (figure-corpus.ts) read as each role sends it: every reading must be the
// figure question expected — intent, figure, measure, shape, ledger, period and place.
import { describe, expect, it } from 'vitest';
import { formatPeriod } from '../../src/domain/period.ts';
import { understand } from '../../src/understanding/understand.ts';
import { FIGURE_CORPUS } from './figure-corpus.ts';
import { askerOf, DEMO_LEXICON } from './support.ts';

describe('the figure-question corpus', () => {
  it(`has at least 80 questions from every role`, () => {
    expect(FIGURE_CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(FIGURE_CORPUS.map((c) => c.as))).toEqual(
      new Set(['bureau', 'city', 'county', 'lead_unit']),
    );
  });

  it(`reads all ${FIGURE_CORPUS.length} questions as expected`, () => {
    const wrong: string[] = [];
    for (const c of FIGURE_CORPUS) {
      const r = understand(c.text, { lexicon: DEMO_LEXICON, asker: askerOf(c.as), now: new Date(c.now) });
      const got = {
        intent: r.intent,
        ledger: r.ledger,
        period: r.period ? formatPeriod(r.period) : null,
        county: r.county,
        city: r.city,
        figure: r.figure && {
          metrics: r.figure.metrics,
          measure: r.figure.measure,
          shape: r.figure.shape,
          n: r.figure.n,
          against: r.figure.against,
        },
      };
      const want = {
        intent: 'figure',
        ledger: c.ledger,
        period: c.period,
        county: c.county,
        city: c.city,
        figure: c.figure,
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`${c.as} “${c.text}”\n    want ${JSON.stringify(want)}\n    got  ${JSON.stringify(got)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps questions that only mention a figure for what they are', () => {
    const read = (as: 'county' | 'lead_unit', text: string) =>
      understand(text, {
        lexicon: DEMO_LEXICON,
        asker: askerOf(as),
        now: new Date('2023-07-05T10:00:00+08:00'),
      });
    // Correcting or returning a sheet that names a figure is still the correction or the return.
    expect(read('county', '附件2的培训人次报少了30个,要修改一下').intent).toBe('fill');
    expect(read('lead_unit', '竹山县上季度附件1 退回，实际投入资金填的比计划大太多，让他们核实').intent).toBe(
      'review',
    );
    // 完成率 without a figure is the reporting progress.
    expect(read('lead_unit', '二季度完成率多少').intent).toBe('progress');
    // A figure another ledger has: read as a figure question with no figure of the ledger named.
    expect(read('lead_unit', '附件4的培训一共多少人次')).toMatchObject({
      intent: 'figure',
      ledger: 'a4',
      figure: { metrics: [], word: '培训' },
    });
  });
});
