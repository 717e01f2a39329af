// 附件5 against last year's (notice 四: “并保持结对关系稳定”) on a real SQLite store: dropping pairings is
// saved with a warning listing what disappeared and what appeared; a rewording is no change.
import { describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { describeFinding } from '../../src/wording.ts';
import { demoMobile, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});

const NANZHANG = demoMobile('county', '南漳县');
const NOW = new Date('2023-03-28T02:00:00Z');
const pair = (town: string, village: string) => ({
  '帮扶市、县': '宜城市',
  '参与结对基层单位(乡镇、街道、学校、医院等)': town,
  '参与结对基层单位(村、社区、学校、医院等)': village,
});
const LAST_YEAR = [
  pair('郑集镇', '樱桃沟村'),
  pair('小河镇', '青龙村'),
  pair('刘猴镇', '白马村'),
  pair('王集镇', '李家湾村'),
  pair('板桥镇', '石门村'),
];

async function submitPairings(period: string, rows: Record<string, string>[]) {
  const outcome = await submitSheet(
    store,
    { as: NANZHANG, ledger: 'a5', period, body: { reporter: '周 170', rows } },
    'cli',
    NOW,
  );
  if (outcome.kind !== 'saved') throw new Error(`not saved: ${JSON.stringify(outcome)}`);
  return outcome.findings.filter((f) => f.rule === 'R8').map(describeFinding);
}

describe('附件5 keeps last year’s pairings', () => {
  it('saves a sheet that drops pairings, listing which disappeared and which appeared', async () => {
    expect(await submitPairings('2022', LAST_YEAR)).toEqual([]);
    const thisYear = [
      pair('郑集镇人民政府', '樱桃沟村村委会'), // the same pairing, worded otherwise
      pair('小河镇', '青龙村'),
      pair('刘猴镇', '白马村'),
      pair('王集镇', '新华村'),
      pair('九集镇', '石门村'),
      pair('武安镇', '花园村'),
    ];
    const [warning] = await submitPairings('2023', thisYear);
    expect(warning).toMatch(/^【请注意·结对稳定】与2022相比，结对关系有变化/);
    expect(warning).toContain('不再出现2对：宜城市 / 王集镇 / 李家湾村、宜城市 / 板桥镇 / 石门村');
    expect(warning).toContain(
      '新出现3对：宜城市 / 王集镇 / 新华村、宜城市 / 九集镇 / 石门村、宜城市 / 武安镇 / 花园村',
    );
    expect(warning).toContain('并保持结对关系稳定');
  });

  it('says what disappeared when nothing replaced it, and nothing when every pairing stays', async () => {
    await submitPairings('2022', LAST_YEAR);
    const [dropped] = await submitPairings('2023', LAST_YEAR.slice(0, 4));
    expect(dropped).toContain('与2022相比，少了1对结对关系：宜城市 / 板桥镇 / 石门村');
    expect(await submitPairings('2023', [...LAST_YEAR, pair('武安镇', '花园村')])).toEqual([]);
  });
});
