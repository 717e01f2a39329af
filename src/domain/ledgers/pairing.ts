import type { LedgerSpec } from './types.ts';

// 序号 is not a field: it is the row number, written by the Excel layout.
export const pairing: LedgerSpec = {
  id: 'a5',
  attachment: 5,
  title: '省内区域协作基层单位结对关系统计台账',
  // The notice's list of attachments and the attachment's own header word it differently.
  titleAliases: ['省内区域协作基层单位结对关系系统台账'],
  shortName: '基层结对关系',
  aliases: ['结对', '结对关系', '基层结对', '结对帮扶', '结对台账'],
  cadence: 'annual',
  reconstructed: false,
  rows: 'many',
  rowKey: ['helper', 'helperUnit', 'countyUnit'],
  stableRows: true,
  fields: [
    { key: 'helper', label: '帮扶市、县', kind: 'text', required: true, maxLength: 60 },
    {
      key: 'helperUnit',
      label: '参与结对基层单位(乡镇、街道、学校、医院等)',
      kind: 'text',
      required: true,
      maxLength: 60,
    },
    {
      key: 'county',
      label: '重点帮扶县',
      kind: 'text',
      required: true,
      fromContext: 'county',
      maxLength: 60,
    },
    {
      key: 'countyUnit',
      label: '参与结对基层单位(村、社区、学校、医院等)',
      kind: 'text',
      required: true,
      maxLength: 60,
    },
  ],
  checks: [],
  notes: [
    '此表由37个乡村振兴重点帮扶县乡村振兴部门于3月底前汇总填报；',
    '原则上每个帮扶县（市、区）安排不少于5个街道（乡镇），荆州市、鄂州市、随州市等3个整体帮扶市安排不少于8个街道（乡镇），与被帮扶县的村（社区）开展结对帮扶。',
  ],
};
