// What a figure question asks besides the figure: the measure (actual, planned, or actual ÷ planned)
// and the shape of the answer (a total, per county, the top or bottom N, or the change against the
// previous quarter or the same quarter last year), read from the words around the figure's name.

export type Measure = 'actual' | 'planned' | 'rate';
export type Shape = 'total' | 'per_county' | 'top' | 'bottom' | 'change';
export type Against = 'previous_quarter' | 'last_year';

export interface FigureAsk {
  /** Every metric the word may be (ledgers/metrics.ts ids); empty when the named ledger has no such
   *  figure (then `word` is what was asked). */
  metrics: string[];
  word: string;
  measure: Measure;
  shape: Shape;
  /** How many a top or bottom list names (null: the default). */
  n: number | null;
  /** What a change is measured against. */
  against: Against | null;
}

/** Words that ask for a quantity: with a figure named, the message asks for that figure. */
export const QUANTITY =
  /多少|几(个|人|次|家|名|位|万|成|十|百|千)|一共|总共|合计|总计|总数|总额|总量|加起来|加总|累计|汇总|统计|排名|排行|排序|排一下|最(多|少|高|低)|前[0-9一二三四五六七八九十]+|倒数|同比|环比|增长|增加|减少|下降|完成率|到位率|完成了|完成情况|各县|各个县|每个县|分县|逐县|哪个县|哪些县|是多少/;

export const RATE =
  /完成率|到位率|执行率|完成度|完成进度|完成了?(多少|百分之|几成|比例|计划)|比计划.{0,4}(多少|完成)|占计划|计划完成(了|得)?(多少|情况|率|比例|怎么样|如何)?|完成计划/;
const PLANNED = /计划|目标|任务数/;
const LAST_YEAR = /同比|去年同期|上年同期|比去年|较去年|跟去年|和去年/;
const PREVIOUS = /环比|(比|较|跟|和)上(个|一)?季度?|比上期|较上期/;
const CHANGE = /增长|增加|减少|下降|多了|(?<!多)少了|变化|涨了|降了|差了多少|相比|对比/;
const N = '\\s*([0-9]+|十[一二三四五六七八九]?|[一二三四五六七八九十])\\s*';
const TOP_N = new RegExp(`前${N}(名|个|位|县|家)?`);
const BOTTOM_N = new RegExp(`(?:倒数|后)${N}(名|个|位|县|家)?`);
const TOP = /排名|排行|排序|排一下|最(多|高|大|好)/;
const BOTTOM = /最(少|低|小|差)|倒数|垫底|靠后/;
const PER_COUNTY = /各县|各个县|每个县|分县|逐县|按县|各地|分别是?多少|哪些县/;
const NUMERALS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function count(text: string | undefined): number | null {
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 2 && text.startsWith('十')) return 10 + (NUMERALS[text[1] ?? ''] ?? 0);
  return NUMERALS[text] ?? null;
}

/** The measure and shape a figure question asks, from its normalised text with the periods and
 *  places taken out (前三季度 is no top three). */
export function figureShape(text: string): Omit<FigureAsk, 'metrics' | 'word'> {
  const rate = RATE.test(text);
  const measure: Measure = rate ? 'rate' : PLANNED.test(text) ? 'planned' : 'actual';
  const lastYear = LAST_YEAR.test(text);
  const previous = PREVIOUS.test(text);
  if (lastYear || previous || (CHANGE.test(text) && !rate))
    return {
      measure,
      shape: 'change',
      n: null,
      against: previous && !lastYear ? 'previous_quarter' : 'last_year',
    };
  const bottomN = BOTTOM_N.exec(text);
  if (bottomN) return { measure, shape: 'bottom', n: count(bottomN[1]), against: null };
  const topN = TOP_N.exec(text);
  if (topN) return { measure, shape: 'top', n: count(topN[1]), against: null };
  const bottom = BOTTOM.exec(text);
  if (bottom) return { measure, shape: 'bottom', n: bottom[0].startsWith('最') ? 1 : null, against: null };
  const top = TOP.exec(text);
  if (top) return { measure, shape: 'top', n: top[0].startsWith('最') ? 1 : null, against: null };
  if (PER_COUNTY.test(text)) return { measure, shape: 'per_county', n: null, against: null };
  return { measure, shape: 'total', n: null, against: null };
}
