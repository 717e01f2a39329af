// Figure questions as each role asks them, with the reading each should get: the figure (every
// metric its word may be, ledgers/metrics.ts), the measure, the answer's shape, and the ledger, period
// and place. Sent on 2023-07-05 10:00 Beijing time (2023Q2 being reported) unless a case says
// otherwise; the county clerk is 郧西县's, the city is 十堰市.
import type { LedgerId } from '../../src/domain/ledgers/types.ts';
import type { FigureAsk } from '../../src/understanding/understand.ts';
import type { Role } from './corpus.ts';

export interface FigureCase {
  as: Role;
  text: string;
  ledger: LedgerId | null;
  period: string | null;
  county: string | null;
  city: string | null;
  figure: Omit<FigureAsk, 'word'>;
  now: string;
}

type Expect = Partial<Pick<FigureCase, 'ledger' | 'period' | 'county' | 'city' | 'now'>> &
  Partial<Omit<FigureAsk, 'word' | 'metrics'>>;
const f = (as: Role, text: string, metrics: string[], e: Expect = {}): FigureCase => ({
  as,
  text,
  ledger: e.ledger ?? null,
  period: e.period ?? null,
  county: e.county ?? null,
  city: e.city ?? null,
  figure: {
    metrics,
    measure: e.measure ?? 'actual',
    shape: e.shape ?? 'total',
    n: e.n ?? null,
    against: e.against ?? null,
  },
  now: e.now ?? '2023-07-05T10:00:00+08:00',
});

export const FIGURE_CORPUS: readonly FigureCase[] = [
  f('bureau', '今年省直单位实际投入帮扶资金一共多少', ['a2.fundsActual'], { ledger: 'a2', period: '2023' }),
  f('bureau', '竹山县一季度培训了多少人', ['a1.培训', 'a2.trainingActual'], {
    period: '2023Q1',
    county: '竹山县',
  }),
  f('bureau', '十堰各县消费帮扶排名', ['a1.消费帮扶', 'a2.消费帮扶', 'a3.消费帮扶'], {
    city: '十堰市',
    shape: 'top',
  }),
  f(
    'bureau',
    '实际投入比计划完成了多少',
    ['a1.fundsActual', 'a2.fundsActual', 'a3.aidActual', 'a4.fundsActual'],
    { measure: 'rate' },
  ),
  f(
    'bureau',
    '一季度比去年同期多了多少投入',
    ['a1.fundsActual', 'a2.fundsActual', 'a3.aidActual', 'a4.fundsActual'],
    { period: '2023Q1', shape: 'change', against: 'last_year' },
  ),
  f('bureau', '一季度附件2实际投入帮扶资金合计', ['a2.fundsActual'], { ledger: 'a2', period: '2023Q1' }),
  f('bureau', '全省省直定点帮扶资金一共多少', ['a2.fundsActual'], { ledger: 'a2' }),
  f('bureau', '今年中央单位定点帮扶投入了多少钱', ['a1.fundsActual'], { ledger: 'a1', period: '2023' }),
  f('bureau', '附件1引进资金总共多少', ['a1.introFundsActual'], { ledger: 'a1' }),
  f('bureau', '省直帮扶引进资金合计多少', ['a2.introFundsActual'], { ledger: 'a2' }),
  f('bureau', '区域协作财政援助资金到位多少了', ['a3.aidActual'], { ledger: 'a3' }),
  f('bureau', '区域协作财政援助资金完成率', ['a3.aidActual'], { ledger: 'a3', measure: 'rate' }),
  f('bureau', '附件3实际到位财政援助资金完成计划多少', ['a3.aidActual'], { ledger: 'a3', measure: 'rate' }),
  f('bureau', '社会组织帮扶投入资金一共多少', ['a4.fundsActual'], { ledger: 'a4' }),
  f('bureau', '社会组织受益人数合计', ['a4.beneficiaries'], { ledger: 'a4' }),
  f('bureau', '今年选派了多少挂职干部', ['a1.cadres', 'a2.cadres'], { period: '2023' }),
  f('bureau', '中央单位选派第一书记多少人', ['a1.firstSecretaries'], { ledger: 'a1' }),
  f('bureau', '一季度各县培训人次排名', ['a2.trainingActual'], {
    ledger: 'a2',
    period: '2023Q1',
    shape: 'top',
  }),
  f('bureau', '省直帮扶资金投入最多的前五个县', ['a2.fundsActual'], { ledger: 'a2', shape: 'top', n: 5 }),
  f('bureau', '投入资金最少的县是哪个', ['a1.fundsActual', 'a2.fundsActual', 'a4.fundsActual'], {
    shape: 'bottom',
    n: 1,
  }),
  f('bureau', '恩施州各县省直帮扶资金分别是多少', ['a2.fundsActual'], {
    ledger: 'a2',
    city: '恩施州',
    shape: 'per_county',
  }),
  f('bureau', '附件2消费帮扶各县情况', ['a2.消费帮扶'], { ledger: 'a2', shape: 'per_county' }),
  f('bureau', '上季度区域协作消费帮扶合计多少', ['a3.消费帮扶'], { ledger: 'a3', period: '2023Q2' }),
  f(
    'bureau',
    '二季度投入比上季度增加多少',
    ['a1.fundsActual', 'a2.fundsActual', 'a3.aidActual', 'a4.fundsActual'],
    { period: '2023Q2', shape: 'change', against: 'previous_quarter' },
  ),
  f('bureau', '附件2帮扶资金同比增长多少', ['a2.fundsActual'], {
    ledger: 'a2',
    shape: 'change',
    against: 'last_year',
  }),
  f('bureau', '去年四季度省直帮扶资金一共多少', ['a2.fundsActual'], { ledger: 'a2', period: '2022Q4' }),
  f('bureau', '2023年第二季度实际帮助销售农产品多少万元', ['a1.sellActual', 'a2.sellActual', 'a3.sell'], {
    period: '2023Q2',
  }),
  f('bureau', '区域协作社会帮扶资金一共多少', ['a3.socialFunds'], { ledger: 'a3' }),
  f('bureau', '区域协作吸纳脱贫人口就业多少人', ['a3.investmentJobs'], { ledger: 'a3' }),
  f('bureau', '转移就业一共多少人', ['a3.jobsTransferred'], { ledger: 'a3' }),
  f('bureau', '区域协作引导投资企业多少家', ['a3.enterprises'], { ledger: 'a3' }),
  f('bureau', '实际投资额合计', ['a3.investment'], { ledger: 'a3' }),
  f('bureau', '附件2计划投入帮扶资金是多少', ['a2.fundsActual'], { ledger: 'a2', measure: 'planned' }),
  f('bureau', '省直单位计划购买农副产品多少', ['a2.buyActual'], { ledger: 'a2', measure: 'planned' }),
  f('bureau', '互派干部人才合计多少人', ['a3.互派干部人才'], { ledger: 'a3' }),
  f('bureau', '附件4的培训一共多少人次', [], { ledger: 'a4' }),
  f('bureau', '黄冈市各县区域协作援助资金排名前三', ['a3.aidActual'], {
    ledger: 'a3',
    city: '黄冈市',
    shape: 'top',
    n: 3,
  }),
  f('bureau', '实施帮扶项目多少个', ['a1.projects', 'a2.projects', 'a3.projects']),
  f('bureau', '附件2实施帮扶项目一共多少个', ['a2.projects'], { ledger: 'a2' }),
  f('bureau', '今年上半年省直帮扶资金完成计划多少', ['a2.fundsActual'], {
    ledger: 'a2',
    period: '2023Q2',
    measure: 'rate',
  }),
  f('bureau', '前三季度购买农产品多少', ['a1.buyActual', 'a2.buyActual', 'a3.buy'], { period: '2023Q3' }),
  f('bureau', '各县实际投入资金完成率排名', ['a1.fundsActual', 'a2.fundsActual', 'a4.fundsActual'], {
    measure: 'rate',
    shape: 'top',
  }),
  f('bureau', '郧西县附件2投入资金多少', ['a2.fundsActual'], { ledger: 'a2', county: '郧西县' }),
  f('bureau', '附件1消费帮扶倒数三名', ['a1.消费帮扶'], { ledger: 'a1', shape: 'bottom', n: 3 }),
  f('city', '全市省直定点帮扶资金合计', ['a2.fundsActual'], { ledger: 'a2' }),
  f('city', '十堰市一季度培训了多少人次', ['a1.培训', 'a2.trainingActual'], {
    period: '2023Q1',
    city: '十堰市',
  }),
  f('city', '各县消费帮扶排名', ['a1.消费帮扶', 'a2.消费帮扶', 'a3.消费帮扶'], { shape: 'top' }),
  f('city', '房县一季度省直帮扶资金多少', ['a2.fundsActual'], {
    ledger: 'a2',
    period: '2023Q1',
    county: '房县',
  }),
  f('city', '恩施州省直帮扶资金一共多少', ['a2.fundsActual'], { ledger: 'a2', city: '恩施州' }),
  f('city', '本市区域协作财政援助资金完成率多少', ['a3.aidActual'], { ledger: 'a3', measure: 'rate' }),
  f('city', '全市社会组织帮扶投入一共多少', ['a4.fundsActual'], { ledger: 'a4' }),
  f('city', '竹山县上季度购买农产品多少', ['a1.buyActual', 'a2.buyActual', 'a3.buy'], {
    period: '2023Q2',
    county: '竹山县',
  }),
  f('city', '各县挂职干部分别多少人', ['a1.cadres', 'a2.cadres'], { shape: 'per_county' }),
  f('city', '今年全市引进资金比去年同期增加多少', ['a1.introFundsActual', 'a2.introFundsActual'], {
    period: '2023',
    shape: 'change',
    against: 'last_year',
  }),
  f('city', '上季度全市帮扶项目多少个', ['a1.projects', 'a2.projects', 'a3.projects'], { period: '2023Q2' }),
  f('city', '区域协作帮扶资金到位多少', ['a3.aidActual'], { ledger: 'a3' }),
  f('city', '全市培训最多的县', ['a1.培训', 'a2.trainingActual'], { shape: 'top', n: 1 }),
  f('city', '郧阳区附件3援助资金多少', ['a3.aidActual'], { ledger: 'a3', county: '郧阳区' }),
  f('county', '我们县今年投入帮扶资金多少', ['a1.fundsActual', 'a2.fundsActual'], {
    period: '2023',
    county: '郧西县',
  }),
  f('county', '一季度培训了多少人', ['a1.培训', 'a2.trainingActual'], { period: '2023Q1' }),
  f('county', '我县省直帮扶资金完成计划多少', ['a2.fundsActual'], {
    ledger: 'a2',
    county: '郧西县',
    measure: 'rate',
  }),
  f('county', '本县附件3财政援助资金到位了多少', ['a3.aidActual'], { ledger: 'a3', county: '郧西县' }),
  f('county', '我们县消费帮扶一共多少', ['a1.消费帮扶', 'a2.消费帮扶', 'a3.消费帮扶'], { county: '郧西县' }),
  f('county', '竹山县一季度培训了多少人', ['a1.培训', 'a2.trainingActual'], {
    period: '2023Q1',
    county: '竹山县',
  }),
  f('county', '我们县社会组织受益人数多少', ['a4.beneficiaries'], { ledger: 'a4', county: '郧西县' }),
  f(
    'county',
    '本季度投入比上季度多了多少',
    ['a1.fundsActual', 'a2.fundsActual', 'a3.aidActual', 'a4.fundsActual'],
    { period: '2023Q3', shape: 'change', against: 'previous_quarter' },
  ),
  f('county', '我们县引进资金比去年同期增长多少', ['a1.introFundsActual', 'a2.introFundsActual'], {
    county: '郧西县',
    shape: 'change',
    against: 'last_year',
  }),
  f('county', '挂职干部有几个', ['a1.cadres', 'a2.cadres']),
  f('county', '我们县实施了多少帮扶项目', ['a1.projects', 'a2.projects', 'a3.projects'], {
    county: '郧西县',
  }),
  f('county', '附件2计划培训多少人次', ['a2.trainingActual'], { ledger: 'a2', measure: 'planned' }),
  f('lead_unit', '我们负责的县投入帮扶资金一共多少', ['a1.fundsActual', 'a2.fundsActual']),
  f('lead_unit', '竹山县一季度实际投入帮扶资金多少', ['a1.fundsActual', 'a2.fundsActual'], {
    period: '2023Q1',
    county: '竹山县',
  }),
  f('lead_unit', '附件2各县投入资金排名', ['a2.fundsActual'], { ledger: 'a2', shape: 'top' }),
  f('lead_unit', '一季度省直帮扶资金完成率', ['a2.fundsActual'], {
    ledger: 'a2',
    period: '2023Q1',
    measure: 'rate',
  }),
  f('lead_unit', '我们帮扶的县培训了多少人次', ['a1.培训', 'a2.trainingActual']),
  f('lead_unit', '三季度附件2投入资金合计多少', ['a2.fundsActual'], { ledger: 'a2', period: '2023Q3' }),
  f('lead_unit', '消费帮扶一共多少', ['a1.消费帮扶', 'a2.消费帮扶', 'a3.消费帮扶']),
  f('lead_unit', '附件2购买农副产品比去年同期多多少', ['a2.buyActual'], {
    ledger: 'a2',
    shape: 'change',
    against: 'last_year',
  }),
  f('lead_unit', '各县选派挂职干部分别多少', ['a1.cadres', 'a2.cadres'], { shape: 'per_county' }),
  f('lead_unit', '郧西县附件3消费帮扶多少', ['a3.消费帮扶'], { ledger: 'a3', county: '郧西县' }),
  f('lead_unit', '今年省直定点帮扶实际投入资金汇总一下', ['a2.fundsActual'], {
    ledger: 'a2',
    period: '2023',
  }),
  f('lead_unit', '区域协作援助资金哪个县最少', ['a3.aidActual'], { ledger: 'a3', shape: 'bottom', n: 1 }),
  f('lead_unit', '附件2引进项目多少个', ['a2.introProjects'], { ledger: 'a2' }),
  f('bureau', '省直帮扶资金前10名', ['a2.fundsActual'], { ledger: 'a2', shape: 'top', n: 10 }),
  f('bureau', '附件2主要负责同志调研多少人次', ['a2.visitsHead'], { ledger: 'a2' }),
];
