import type { LedgerSpec } from './types.ts';

export const agreement: LedgerSpec = {
  id: 'a7',
  attachment: 7,
  title: '省内区域协作协议书',
  shortName: '区域协作协议书',
  cadence: 'annual',
  reconstructed: false,
  rows: 'per_partner',
  rowKey: ['helper'],
  partnersFrom: ['helps'],
  fields: [
    { key: 'helper', label: '帮扶方', kind: 'text', required: true, maxLength: 60 },
    {
      key: 'county',
      label: '重点帮扶县',
      kind: 'text',
      required: true,
      fromContext: 'county',
      maxLength: 60,
    },
    {
      key: 'aid',
      label: '财政援助资金',
      unit: '万元',
      kind: 'money',
      required: true,
      growth: 'fiscal_aid',
    },
    { key: 'helperCadres', label: '帮扶方选派挂职干部', unit: '名', kind: 'count', required: true },
    { key: 'helperTech', label: '帮扶方选派专业技术人员', unit: '名', kind: 'count', required: true },
    { key: 'countyCadres', label: '被帮扶县选派挂职干部', unit: '名', kind: 'count', required: true },
    { key: 'countyTech', label: '被帮扶县选派专业技术人员', unit: '名', kind: 'count', required: true },
    { key: 'jobsTransferred', label: '转移就业', unit: '人', kind: 'count', required: true },
    { key: 'jobsLocal', label: '就地就近就业', unit: '人', kind: 'count', required: true },
    { key: 'pairedTowns', label: '结对街道(乡镇)数', unit: '个', kind: 'count', required: true },
    { key: 'pairedVillages', label: '结对村(社区)数', unit: '个', kind: 'count', required: true },
    // Signed copies are due with the first quarter's documents (六: D1).
    { key: 'signedOn', label: '签署日期', kind: 'date', required: true, dueBy: 'D1' },
  ],
  checks: [],
  notes: [],
};
