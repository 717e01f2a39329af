// How people ask for the workbook in chat, and what must not be mistaken for it.
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/understanding/understand.ts';
import { askerOf, DEMO_LEXICON } from '../understanding/support.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const read = (text: string, role: 'county' | 'bureau' = 'bureau') =>
  understand(text, { lexicon: DEMO_LEXICON, asker: askerOf(role), now: NOW });

describe('导出', () => {
  it.each([
    ['导出', null, null],
    ['导出 2023Q1 附件2', 'a2', { year: 2023, quarter: 1 }],
    ['导出一季度省直台账', 'a2', { year: 2023, quarter: 1 }],
    ['下载台账 附件3', 'a3', null],
    ['发我Excel', null, null],
    ['excel', null, null],
  ])('“%s”', (text, ledger, period) => {
    expect(read(text)).toMatchObject({ intent: 'export', ledger, period });
  });

  it('leaves other requests alone', () => {
    expect(read('填报 附件2', 'county').intent).toBe('fill');
    expect(read('谁还没报 附件2').intent).toBe('unreported');
    expect(read('郧阳 情况').intent).toBe('county');
  });
});
