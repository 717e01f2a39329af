// Figure questions on seeded sheets: every number an answer gives equals the sum this test works out
// by itself from the stored rows (SQL over the revisions table: the latest revision of each county's
// sheet, returned sheets left out), the count of sheets it stands on and of those missing is right,
// and no one gets a number for a county or city outside what they may see.
import { beforeEach, describe, expect, it } from 'vitest';
import { reviewSheet } from '../../src/app/review.ts';
import { responseText } from '../../src/conversation/reply-text.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { appendRevision } from '../../src/store/revisions-repo.ts';
import { consoleBot, demoUser, say } from '../support/bot.ts';
import { demoMobile, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
storeEachTest((s) => {
  store = s;
});

const NOW = new Date('2023-10-09T10:00:00+08:00');
const bot = () => consoleBot(store, () => NOW);
const BUREAU = demoUser('bureau', '省乡村振兴局');
const CITY = demoUser('city', '十堰市');
const CLERK = demoUser('county', '郧西县');
const LEAD = demoUser('lead_unit', '省委宣传部');

/** A small deterministic generator, so the seeded figures differ from county to county. */
function numbers(seed: number) {
  let x = seed;
  return (max: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % max;
  };
}

async function counties(): Promise<{ id: string; name: string; city: string | null }[]> {
  const rows = await store.db
    .selectFrom('units as u')
    .leftJoin('units as c', 'c.id', 'u.city_id')
    .select(['u.id', 'u.name', 'c.name as city'])
    .where('u.kind', '=', 'county')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, city: r.city }));
}

/** Seeds 附件2 and 附件3 for most counties: 2023Q1–Q3 and 2022Q3, some with two revisions (the
 *  first must not count) and two provincial units' rows. */
async function seed(): Promise<void> {
  const next = numbers(7);
  const all = await counties();
  let n = 0;
  for (const county of all) {
    n++;
    for (const period of ['2022Q3', '2023Q1', '2023Q2', '2023Q3']) {
      // Every fifth county has not reported; 2023Q3 only two-thirds have (竹山县 has: its lead unit
      // returns its sheet below).
      const reported = county.name === '竹山县' || (n % 5 !== 0 && (period !== '2023Q3' || n % 3 !== 0));
      if (!reported) continue;
      const revisions = n % 4 === 0 ? 2 : 1;
      for (let revision = 1; revision <= revisions; revision++) {
        const a2 = (unit: string) => ({
          provincialUnit: unit,
          county: county.name,
          fundsPlanned: (next(500) + 100) * 10_000,
          fundsActual: next(900_000) * 100,
          trainingActual: next(300),
          buyActual: next(50_000) * 100,
          sellActual: next(50_000) * 100,
          cadres: next(4),
        });
        await appendRevision(
          store,
          {
            form: 'a2',
            period,
            countyId: county.id,
            contactId: 'seed',
            unitId: county.id,
            source: 'cli',
            submittedAt: '2023-01-01T00:00:00.000Z',
            header: { reporter: '测试 13800000000', findings: [] },
            rows: (n % 2 === 0 ? ['单位甲', '单位乙'] : ['单位甲']).map((u) => ({
              key: `#${u}`,
              values: a2(u),
            })),
          },
          revision,
        );
        await appendRevision(
          store,
          {
            form: 'a3',
            period,
            countyId: county.id,
            contactId: 'seed',
            unitId: county.id,
            source: 'cli',
            submittedAt: '2023-01-01T00:00:00.000Z',
            header: { reporter: '测试 13800000000', findings: [] },
            rows: [
              {
                key: '#帮扶方',
                values: {
                  helper: '帮扶方',
                  county: county.name,
                  aidPlanned: 1_000_000,
                  aidActual: next(10_000) * 100,
                  buy: next(10_000) * 100,
                  sell: next(10_000) * 100,
                },
              },
            ],
          },
          revision,
        );
      }
    }
  }
}

/** The latest revision's rows of each county's sheet, read here straight from the table. */
async function stored(form: string, period: string): Promise<Map<string, Record<string, number>[]>> {
  const rows = await store.db
    .selectFrom('revisions as r')
    .select(['r.county_id', 'r.payload'])
    .where('r.form', '=', form)
    .where('r.period', '=', period)
    .where('r.row_key', '!=', '')
    .where(({ eb, selectFrom }) =>
      eb(
        'r.revision',
        '=',
        selectFrom('revisions as h')
          .select(({ fn }) => fn.max('h.revision').as('m'))
          .whereRef('h.form', '=', 'r.form')
          .whereRef('h.period', '=', 'r.period')
          .whereRef('h.county_id', '=', 'r.county_id'),
      ),
    )
    .execute();
  const byCounty = new Map<string, Record<string, number>[]>();
  for (const r of rows) {
    byCounty.set(r.county_id, [...(byCounty.get(r.county_id) ?? []), JSON.parse(r.payload)]);
  }
  return byCounty;
}

/** Independently: the sum of some keys over the counties given, leaving out the ones named. */
async function expectedSum(
  form: string,
  period: string,
  keys: string[],
  countyIds: string[],
  leaveOut: string[] = [],
): Promise<{ sum: number; counted: number }> {
  const sheets = await stored(form, period);
  let sum = 0;
  let counted = 0;
  for (const id of countyIds) {
    const rows = sheets.get(id);
    if (!rows || leaveOut.includes(id)) continue;
    counted++;
    for (const row of rows) for (const key of keys) sum += row[key] ?? 0;
  }
  return { sum, counted };
}

const wan = (yuan: number) => (yuan / 10_000).toFixed(2);
const idsOf = async (filter: (c: { name: string; city: string | null }) => boolean) =>
  (await counties()).filter(filter).map((c) => c.id);

async function ask(user: string, text: string): Promise<string> {
  return responseText(await say(bot(), user, text));
}

beforeEach(async () => {
  await seed();
});

describe('figure answers on seeded sheets', () => {
  it('a total: the sum of the latest revisions, on how many of the expected sheets', async () => {
    const all = await idsOf(() => true);
    const { sum, counted } = await expectedSum('a2', '2023Q2', ['fundsActual'], all);
    const text = await ask(BUREAU, '2023年二季度附件2实际投入帮扶资金一共多少');
    expect(text.split('\n')[1]).toBe('2023年第二季度 · 附件2 省直定点帮扶 · 实际投入帮扶资金 · 全省');
    expect(text).toContain(`附件2 省直定点帮扶：${wan(sum)}万元`);
    expect(text).toContain(`基于 ${counted}/${all.length} 个县的报送`);
    const missing = /未计入：([^；\n]*)/.exec(text)?.[1] ?? '';
    const named = missing.replace(/等(\d+)个县$/, '').split('、');
    const more = /等(\d+)个县$/.exec(missing)?.[1];
    expect(more ? Number(more) : named.length).toBe(all.length - counted);
    expect(text).toContain('台账按年累计填报：这是本年截至2023年第二季度末的累计数。');
  });

  it('a year is its latest quarter reported; a returned sheet is not counted and is named', async () => {
    const returned = await reviewSheet(
      store,
      {
        as: demoMobile('lead_unit', '省委宣传部'),
        ledger: 'a2',
        period: '2023Q3',
        county: '竹山县',
        revision: 1,
        decision: 'return',
        reason: '数字有误',
      },
      NOW,
    );
    expect(returned).toMatchObject({ ok: true });
    const all = await idsOf(() => true);
    const zhushan = await idsOf((c) => c.name === '竹山县');
    const { sum, counted } = await expectedSum('a2', '2023Q3', ['fundsActual'], all, zhushan);
    const text = await ask(BUREAU, '今年省直单位实际投入帮扶资金一共多少');
    expect(text).toContain('2023年度（截至第三季度末） · 附件2 省直定点帮扶 · 实际投入帮扶资金 · 全省');
    expect(text).toContain(`附件2 省直定点帮扶：${wan(sum)}万元`);
    expect(text).toContain(`基于 ${counted}/${all.length} 个县的报送`);
    expect(text).toContain('竹山县（退回修改）');
  });

  it('a group figure within a city adds its parts, ledger by ledger', async () => {
    const shiyan = await idsOf((c) => c.city === '十堰市');
    const a2 = await expectedSum('a2', '2023Q1', ['buyActual', 'sellActual'], shiyan);
    const a3 = await expectedSum('a3', '2023Q1', ['buy', 'sell'], shiyan);
    const text = await ask(CITY, '一季度全市消费帮扶一共多少');
    expect(text).toContain(`附件2 省直定点帮扶：${wan(a2.sum)}万元`);
    expect(text).toContain(`附件3 省内区域协作：${wan(a3.sum)}万元`);
    expect(text).toContain(`基于 ${a2.counted}/${shiyan.length} 个县的报送`);
    // 附件1 has no sheets: said so, without a number.
    expect(text).toContain('附件1 中央单位定点帮扶：2023年第一季度在十堰市还没有可计入的报送。');
  });

  it('share of plan is actual ÷ planned over the same sheets', async () => {
    const all = await idsOf(() => true);
    const actual = await expectedSum('a2', '2023Q2', ['fundsActual'], all);
    const planned = await expectedSum('a2', '2023Q2', ['fundsPlanned'], all);
    const text = await ask(BUREAU, '二季度省直帮扶资金完成率多少');
    const rate = `${Math.round((actual.sum / planned.sum) * 1000) / 10}%`;
    expect(text).toContain(
      `附件2 省直定点帮扶：完成计划 ${rate}（实际 ${wan(actual.sum)}万元 / 计划 ${wan(planned.sum)}万元）`,
    );
  });

  it('a ranking lists the top N counties with their own sums, and charts them', async () => {
    const all = await counties();
    const sheets = await stored('a2', '2023Q2');
    const perCounty = all
      .filter((c) => sheets.has(c.id))
      .map((c) => ({
        name: c.name,
        sum: (sheets.get(c.id) ?? []).reduce((s, r) => s + (r.fundsActual ?? 0), 0),
      }))
      .sort((a, b) => b.sum - a.sum);
    const response = await say(bot(), BUREAU, '二季度省直帮扶资金前3名');
    const text = responseText(response);
    for (const [i, c] of perCounty.slice(0, 3).entries())
      expect(text).toContain(`${i + 1}. ${c.name} ${wan(c.sum)}万元`);
    expect(text).not.toContain('4. ');
    const card = response.replies[0];
    expect(card?.kind === 'card' && card.card.blocks.some((b) => b.kind === 'chart')).toBe(true);
  });

  it('a change against the same quarter last year gives both sums and their difference', async () => {
    const all = await idsOf(() => true);
    const now = await expectedSum('a3', '2023Q3', ['aidActual'], all);
    const before = await expectedSum('a3', '2022Q3', ['aidActual'], all);
    const text = await ask(BUREAU, '三季度区域协作财政援助资金比去年同期增加多少');
    expect(text).toContain(`2023年第三季度：${wan(now.sum)}万元（基于 ${now.counted}/${all.length}`);
    expect(text).toContain(`2022年第三季度：${wan(before.sum)}万元（基于 ${before.counted}/${all.length}`);
    const diff = now.sum - before.sum;
    expect(text).toContain(`${diff >= 0 ? '增加' : '减少'} ${wan(Math.abs(diff))}万元`);
  });

  it('a county sees its own figure; another county gets no number', async () => {
    const own = await idsOf((c) => c.name === '郧西县');
    const { sum } = await expectedSum('a2', '2023Q2', ['trainingActual'], own);
    const text = await ask(CLERK, '二季度我们县附件2培训了多少人次');
    expect(text).toContain(`附件2 省直定点帮扶：${sum}人次`);
    const other = await ask(CLERK, '二季度竹山县附件2培训了多少人次');
    expect(other).toContain('竹山县不在您单位的查看范围内。');
    expect(other).not.toMatch(/\d+人次/);
  });

  it('a city gets no number for another city, and a lead unit only its own counties', async () => {
    const other = await ask(CITY, '恩施州二季度省直帮扶资金一共多少');
    expect(other).toContain('恩施州不在您单位的查看范围内。');
    expect(other).not.toMatch(/万元/);
    const led = await store.db
      .selectFrom('relations')
      .select('target_id')
      .where('kind', '=', 'leads')
      .where('unit_id', '=', 'lead_unit:省委宣传部')
      .execute();
    const mine = led.map((r) => r.target_id);
    const { sum, counted } = await expectedSum('a2', '2023Q2', ['fundsActual'], mine);
    const text = await ask(LEAD, '二季度附件2投入资金合计多少');
    expect(text).toContain(`附件2 省直定点帮扶：${wan(sum)}万元`);
    expect(text).toContain(`基于 ${counted}/${mine.length} 个县的报送`);
  });

  it('no sheets, a future quarter, a figure the ledger lacks: said so, never 0', async () => {
    await store.db.deleteFrom('revisions').where('period', '=', '2023Q3').execute();
    const none = await ask(BUREAU, '三季度省直帮扶资金一共多少');
    expect(none).toContain('附件2 省直定点帮扶：2023年第三季度在全省还没有可计入的报送（应报 37 个县）');
    expect(none).not.toMatch(/万元/);
    const future = await ask(BUREAU, '明年一季度省直帮扶资金一共多少');
    expect(future).toContain('还没到报送时间');
    expect(future).not.toMatch(/万元/);
    const lacking = await ask(BUREAU, '附件4的培训一共多少人次');
    expect(lacking).toContain('附件4 社会组织帮扶没有“培训”这一项');
  });

  it('in a group, the figures go to the asker privately', async () => {
    const response = await say(bot(), BUREAU, '二季度省直帮扶资金一共多少', true);
    expect(responseText({ replies: response.replies })).not.toMatch(/万元/);
    expect(responseText({ replies: response.privateReplies ?? [] })).toMatch(/万元/);
  });
});
