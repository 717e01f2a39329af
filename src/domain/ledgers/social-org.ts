// Reconstructed: the notice's copy of 附件4 lost its columns; they were rebuilt as ledger-fields.md describes.
// The bureau can correct them (labels, order, choices) by editing this one file.
import type { LedgerSpec } from './types.ts';

export const socialOrg: LedgerSpec = {
  id: 'a4',
  attachment: 4,
  title: '社会组织帮扶工作情况台账',
  // The notice's list of attachments and the attachment's own header word it differently.
  titleAliases: ['社会组织开展帮扶工作情况台账'],
  shortName: '社会组织帮扶',
  aliases: ['社会组织', '社组织', '社会帮扶', '社会力量'],
  cadence: 'quarterly',
  reconstructed: true,
  rows: 'many',
  rowKey: ['orgName', 'projectName'],
  fields: [
    { key: 'orgName', label: '社会组织名称', kind: 'text', required: true, maxLength: 60 },
    {
      key: 'level',
      label: '登记层级',
      kind: 'choice',
      required: true,
      choices: ['全国性', '省级', '市县级'],
    },
    { key: 'supervisor', label: '业务主管单位', kind: 'text', required: true, maxLength: 60 },
    {
      key: 'county',
      label: '结对帮扶县',
      kind: 'text',
      required: true,
      fromContext: 'county',
      maxLength: 60,
    },
    { key: 'pairedPlaces', label: '结对乡镇、村(社区)', kind: 'text', required: false, maxLength: 200 },
    {
      key: 'agreementSigned',
      label: '是否签订帮扶协议',
      kind: 'choice',
      required: true,
      choices: ['是', '否'],
    },
    {
      key: 'domain',
      label: '帮扶领域',
      kind: 'choice',
      required: true,
      choices: ['产业', '教育', '健康', '科技', '关爱', '基层治理', '其他'],
    },
    { key: 'projectName', label: '帮扶项目名称', kind: 'text', required: true, maxLength: 100 },
    { key: 'fundsPlanned', label: '计划投入资金', unit: '万元', kind: 'money', required: true },
    {
      key: 'fundsActual',
      label: '实际投入资金',
      unit: '万元',
      kind: 'money',
      required: true,
      planKey: 'fundsPlanned',
      cumulative: true,
    },
    { key: 'goodsValue', label: '物资折价', unit: '万元', kind: 'money', required: false, cumulative: true },
    {
      key: 'beneficiaries',
      label: '受益人数',
      unit: '人次',
      kind: 'count',
      required: false,
      cumulative: true,
    },
  ],
  checks: [],
  notes: [
    '此表于每个季度末，由37个乡村振兴重点帮扶县乡村振兴部门汇总填报；',
    '此表填写本年度数据，不累计以往年度数据。',
  ],
};
