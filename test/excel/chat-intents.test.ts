// How people ask for the workbook in chat, and what must not be mistaken for it.
import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../src/bot/intents.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const vocabulary = { counties: ['郧阳区', '竹山县'], cities: ['十堰市'] };

describe('导出', () => {
  it.each([
    ['导出', null, null],
    ['导出 2023Q1 附件2', 'a2', { year: 2023, quarter: 1 }],
    ['导出一季度省直台账', 'a2', { year: 2023, quarter: 1 }],
    ['下载台账 附件3', 'a3', null],
    ['发我Excel', null, null],
    ['excel', null, null],
  ])('“%s”', (text, ledger, period) => {
    expect(parseIntent(text, vocabulary, NOW)).toEqual({ kind: 'export', ledger, period });
  });

  it('leaves other requests alone', () => {
    expect(parseIntent('填报 附件2', vocabulary, NOW).kind).toBe('fill');
    expect(parseIntent('谁还没报 附件2', vocabulary, NOW).kind).toBe('unreported');
    expect(parseIntent('郧阳 情况', vocabulary, NOW).kind).toBe('county');
  });
});
