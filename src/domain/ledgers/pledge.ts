import type { LedgerSpec } from './types.ts';

// The year's targets: 附件2's 计划 columns can be prefilled from these figures.
export const pledge: LedgerSpec = {
  id: 'a6',
  attachment: 6,
  title: '省直单位定点帮扶责任书',
  shortName: '省直帮扶责任书',
  aliases: ['责任书', '帮扶责任书', '定点帮扶责任书'],
  cadence: 'annual',
  reconstructed: false,
  rows: 'per_partner',
  rowKey: ['provincialUnit'],
  partnersFrom: ['leads', 'provincial_assists'],
  fields: [
    { key: 'provincialUnit', label: '单位', kind: 'text', required: true, maxLength: 60 },
    { key: 'county', label: '县(市)', kind: 'text', required: true, fromContext: 'county', maxLength: 60 },
    { key: 'funds', label: '投入帮扶资金', unit: '万元', kind: 'money', required: true },
    { key: 'introFunds', label: '引进帮扶资金', unit: '万元', kind: 'money', required: true },
    { key: 'trainCadres', label: '培训基层干部', unit: '名', kind: 'count', required: true },
    { key: 'trainTech', label: '培训技术人员', unit: '名', kind: 'count', required: true },
    { key: 'buy', label: '购买农产品', unit: '万元', kind: 'money', required: true },
    { key: 'sell', label: '帮助销售农产品', unit: '万元', kind: 'money', required: true },
    // Signed copies are due with the first quarter's documents (六: D1).
    { key: 'signedOn', label: '签署日期', kind: 'date', required: true, dueBy: 'D1' },
  ],
  checks: [],
  notes: [],
};
