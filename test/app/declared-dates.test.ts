// Declared dates (M1–M3, 附件1's visit, 附件6/7's signing) on a real SQLite store: outside the sheet's
// year or after today they are refused, naming the field and the range; after the deadline of what
// they fulfil they are saved with a late mark kept in the revision.
import { describe, expect, it } from 'vitest';
import { sheetHistoryReport } from '../../src/app/history.ts';
import { type SubmitOutcome, submitSheet } from '../../src/app/submit.ts';
import type { SubmissionRequest } from '../../src/domain/submission.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { describeFinding, describeProblem } from '../../src/wording.ts';
import { demoMobile, revisionCount, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});

const LEAD = demoMobile('lead_unit', '省委宣传部');
const WUFENG = demoMobile('county', '五峰土家族自治县');
const NANZHANG = demoMobile('county', '南漳县');
/** Beijing noon of a day. */
const at = (day: string) => new Date(`${day}T12:00:00+08:00`);
const submitAt = (as: string, request: Omit<SubmissionRequest, 'as'>, day: string) =>
  submitSheet(store, { as, ...request }, 'cli', at(day));

const meeting = (heldOn: string): Omit<SubmissionRequest, 'as'> => ({
  ledger: 'm1',
  period: '2023',
  county: '竹山县',
  body: { reporter: '王 170', rows: [{ 召开日期: heldOn }] },
});

const pairDeclaration = (visitedOn: string, meetingOn: string): Omit<SubmissionRequest, 'as'> => ({
  ledger: 'm3',
  period: '2023',
  body: {
    reporter: '李 170',
    rows: [
      { '帮扶市、县(区)': '武汉市武昌区', 互访交流日期: visitedOn, '联席（协调）会议召开日期': meetingOn },
    ],
  },
});

const agreement = (period: string, signedOn: string): Omit<SubmissionRequest, 'as'> => ({
  ledger: 'a7',
  period,
  body: {
    reporter: '赵 170',
    rows: [
      {
        帮扶方: '宜城市',
        财政援助资金: '300',
        帮扶方选派挂职干部: 2,
        帮扶方选派专业技术人员: 3,
        被帮扶县选派挂职干部: 1,
        被帮扶县选派专业技术人员: 1,
        转移就业: 50,
        就地就近就业: 80,
        '结对街道(乡镇)数': 5,
        '结对村(社区)数': 5,
        签署日期: signedOn,
      },
    ],
  },
});

async function refusedUnchanged(request: SubmissionRequest, now: Date): Promise<string[]> {
  const before = await revisionCount(store);
  const outcome = await submitSheet(store, request, 'cli', now);
  expect(outcome.kind).toBe('invalid');
  expect(await revisionCount(store)).toBe(before);
  return outcome.kind === 'invalid' ? outcome.problems.map(describeProblem) : [];
}

const lateMarks = (outcome: SubmitOutcome) =>
  outcome.kind === 'saved' ? outcome.findings.filter((f) => f.rule === 'R7').map(describeFinding) : [];

describe('a declared date lies in the sheet’s year, and not after today', () => {
  it('refuses a 2023 meeting dated 2021, or dated after today, naming the field and the range', async () => {
    expect(await refusedUnchanged({ as: LEAD, ...meeting('2021-03-15') }, at('2023-03-28'))).toEqual([
      '第1行 召开日期：应为2023-01-01至2023-03-28之间的日期——2023年的事项，日期在2023年内且不晚于今天（收到“2021-03-15”）',
    ]);
    const [future] = await refusedUnchanged({ as: LEAD, ...meeting('2023-04-20') }, at('2023-04-12'));
    expect(future).toContain('召开日期：应为2023-01-01至2023-04-12之间的日期');
  });

  it('refuses a 2022 agreement (附件7) signed in 2023', async () => {
    const [problem] = await refusedUnchanged(
      { as: NANZHANG, ...agreement('2022', '2023-03-10') },
      at('2023-03-28'),
    );
    expect(problem).toContain('签署日期：应为2022-01-01至2022-12-31之间的日期');
    const saved = await submitAt(NANZHANG, agreement('2022', '2022-03-10'), '2023-03-28');
    expect(saved.kind).toBe('saved');
  });

  it('refuses either date of 互访及联席会议 outside the year', async () => {
    const problems = await refusedUnchanged(
      { as: WUFENG, ...pairDeclaration('2022-12-30', '2024-01-02') },
      at('2024-02-01'),
    );
    expect(problems.map((p) => p.split('：')[0])).toEqual([
      '第1行 互访交流日期',
      '第1行 联席（协调）会议召开日期',
    ]);
  });
});

describe('a date after the deadline is saved with a late mark', () => {
  it('marks an M1 meeting held on April 10 as 10 days after 3月31日, and keeps the mark in the revision', async () => {
    const outcome = await submitAt(LEAD, meeting('2023-04-10'), '2023-04-12');
    expect(outcome.kind).toBe('saved');
    expect(lateMarks(outcome)).toEqual([
      '【请注意·截止日期】第1行 召开日期2023-04-10，晚于截止日期（3月31日）10天',
    ]);
    const history = await sheetHistoryReport(store, { county: '竹山县', ledger: 'm1', period: '2023' });
    if (!history.ok) throw new Error('history');
    const stored = history.entries[0]?.revision.header.findings ?? [];
    expect(stored.map(describeFinding)).toEqual(lateMarks(outcome));
  });

  it('marks each late date of 互访及联席会议 against 6月30日, and none on time', async () => {
    const late = await submitAt(WUFENG, pairDeclaration('2023-06-20', '2023-07-05'), '2023-07-06');
    expect(lateMarks(late)).toEqual([
      expect.stringContaining('联席（协调）会议召开日期2023-07-05，晚于截止日期（6月30日）5天'),
    ]);
    const onTime = await submitAt(WUFENG, pairDeclaration('2023-06-20', '2023-06-30'), '2023-07-06');
    expect(lateMarks(onTime)).toEqual([]);
  });

  it('marks an agreement signed after the first quarter’s documents were due', async () => {
    const outcome = await submitAt(NANZHANG, agreement('2023', '2023-04-03'), '2023-04-12');
    expect(lateMarks(outcome)).toEqual([
      expect.stringContaining('签署日期2023-04-03，晚于截止日期（3月31日）3天'),
    ]);
  });
});
