// Dated declarations the notice asks for outside the attachments: one small form each.
import type { FieldSpec, LedgerSpec } from './types.ts';

const note: FieldSpec = { key: 'note', label: '备注', kind: 'text', required: false, maxLength: 200 };

/** 三: 年度首次联席（协调）会议原则上要在一季度前召开. */
export const firstMeeting: LedgerSpec = {
  id: 'm1',
  attachment: null,
  title: '首次联席（协调）会议',
  shortName: '首次联席会议',
  aliases: ['首次联席', '首次联席会', '联席会议', '联席会', '协调会议', '协调会'],
  cadence: 'annual',
  reconstructed: false,
  rows: 'per_partner',
  rowKey: [],
  fields: [{ key: 'heldOn', label: '召开日期', kind: 'date', required: true, dueBy: 'M1' }, note],
  checks: [],
  notes: [],
};

/** 六: 对2022年度考核存在的问题……在3月底前督促整改到位. */
export const rectification: LedgerSpec = {
  id: 'm2',
  attachment: null,
  title: '上年度考核问题整改',
  shortName: '考核问题整改',
  aliases: ['整改', '考核问题', '问题整改', '考核整改'],
  cadence: 'annual',
  reconstructed: false,
  rows: 'per_partner',
  rowKey: [],
  fields: [{ key: 'doneOn', label: '整改完成日期', kind: 'date', required: true, dueBy: 'M2' }, note],
  checks: [],
  notes: [],
};

/** 三: 省内区域协作双方……在6月底前开展互访交流，召开联席（协调）会议. */
export const mutualVisit: LedgerSpec = {
  id: 'm3',
  attachment: null,
  title: '党政主要负责同志互访及联席会议',
  shortName: '互访及联席会议',
  aliases: ['互访', '互访交流', '党政互访'],
  cadence: 'annual',
  reconstructed: false,
  rows: 'per_partner',
  rowKey: ['helper'],
  partnersFrom: ['helps'],
  fields: [
    { key: 'helper', label: '帮扶市、县(区)', kind: 'text', required: true, maxLength: 60 },
    { key: 'visitedOn', label: '互访交流日期', kind: 'date', required: true, dueBy: 'M3' },
    // Both are asked by 6月底 (三): a pair that has only visited has not yet done what is owed.
    { key: 'meetingOn', label: '联席（协调）会议召开日期', kind: 'date', required: true, dueBy: 'M3' },
    note,
  ],
  checks: [],
  notes: [
    '省内区域协作双方要按照鄂办发〔2021〕15号文件要求，协调推动党政主要负责同志在6月底前开展互访交流，召开联席（协调）会议，共商协作帮扶各项事宜。',
  ],
};
