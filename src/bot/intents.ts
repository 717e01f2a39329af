// What a person wants, from a line of Chinese: rule-based, no network. Ledgers by number or name,
// periods as people say them, counties and cities with or without 县/市/区.
import { findLedger } from '../domain/ledgers/index.ts';
import type { LedgerId } from '../domain/ledgers/types.ts';
import type { Period } from '../domain/period.ts';
import { findPeriod } from './period-words.ts';

export type Intent =
  | { kind: 'help' }
  | { kind: 'bind'; code: string }
  | { kind: 'fill'; ledger: LedgerId | null; period: Period | null; county: string | null }
  | { kind: 'unreported'; ledger: LedgerId | null; period: Period | null; city: string | null }
  | { kind: 'progress'; ledger: LedgerId | null; period: Period | null }
  | { kind: 'summary'; ledger: LedgerId | null; period: Period | null }
  | { kind: 'county'; county: string; ledger: LedgerId | null; period: Period | null }
  | { kind: 'history'; ledger: LedgerId | null; period: Period | null }
  | { kind: 'nudge'; county: string; ledger: LedgerId | null }
  | { kind: 'reminders' }
  | { kind: 'export'; ledger: LedgerId | null; period: Period | null }
  | { kind: 'close'; period: Period | null }
  | { kind: 'reopen'; county: string | null; ledger: LedgerId | null; period: Period | null }
  | { kind: 'unknown'; text: string };

export interface Vocabulary {
  /** Full county names of the roster. */
  counties: readonly string[];
  /** Full city names of the roster. */
  cities: readonly string[];
}

const LEDGER_WORDS: readonly [RegExp, LedgerId][] = [
  [/协议书/, 'a7'],
  [/责任书/, 'a6'],
  [/中央单位|中央定点/, 'a1'],
  [/省直/, 'a2'],
  [/基层结对|结对关系|结对/, 'a5'],
  [/区域协作/, 'a3'],
  [/社会组织/, 'a4'],
  [/首次联席|联席会议/, 'm1'],
  [/整改/, 'm2'],
  [/互访/, 'm3'],
];
const CHINESE_DIGITS: Record<string, string> = {
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
};

export function findLedgerIn(text: string): LedgerId | null {
  const numbered = /附件\s*([1-7一二三四五六七])/.exec(text) ?? /(?:^|[^A-Za-z])[Ll]([1-5])(?!\d)/.exec(text);
  if (numbered?.[1]) return findLedger(CHINESE_DIGITS[numbered[1]] ?? numbered[1])?.id ?? null;
  for (const [pattern, id] of LEDGER_WORDS) if (pattern.test(text)) return id;
  return null;
}

/** Short forms: 五峰土家族自治县 → 五峰, 神农架林区 → 神农架, 郧阳区 → 郧阳, 恩施州 → 恩施. */
function shortName(name: string): string {
  const short = name.replace(/(土家族自治县|林区|自治县|县|市|区|州)$/, '');
  return short.length >= 2 ? short : name;
}

function findName(
  text: string,
  names: readonly string[],
  exclude: ReadonlySet<string> = new Set(),
): string | null {
  const candidates = names.flatMap((name) => {
    const short = shortName(name);
    return exclude.has(short) ? [[name, name] as const] : [[name, name] as const, [short, name] as const];
  });
  candidates.sort((a, b) => b[0].length - a[0].length);
  return candidates.find(([form]) => text.includes(form))?.[1] ?? null;
}

export function parseIntent(input: string, vocabulary: Vocabulary, now: Date): Intent {
  const text = input.replace(/\s+/g, ' ').trim();
  const bind = /^绑定\s*([A-Za-z0-9]{4,12})$/.exec(text);
  if (bind?.[1]) return { kind: 'bind', code: bind[1].toUpperCase() };
  if (
    text === '' ||
    /^(帮助|怎么用|使用说明|菜单|help|\?|？|你好|您好|hi|hello)[!！。.]*$/i.test(text) ||
    /帮助|怎么用|使用说明|能做什么/.test(text)
  ) {
    return { kind: 'help' };
  }
  const ledger = findLedgerIn(text);
  const period = findPeriod(text, now);
  const cityShorts = new Set(vocabulary.cities.map(shortName));
  const county = findName(text, vocabulary.counties, cityShorts);
  const city = findName(text, vocabulary.cities);

  if (/提醒记录|提醒历史|发过哪些提醒|收到的提醒/.test(text)) return { kind: 'reminders' };
  // "导出 2023Q1 附件2", "下载台账", "发我Excel": the official workbook as a file.
  if (
    /^导出|导出.*(台账|表|excel)|下载.*(台账|表格|excel)|(要|发我|发一下|给我).*(excel|表格文件)|^excel$/i.test(
      text,
    )
  )
    return { kind: 'export', ledger, period };
  if (/^封账/.test(text)) return { kind: 'close', period };
  if (/^(重新打开|解封|开账)/.test(text)) return { kind: 'reopen', county, ledger, period };
  if (/催报|催一下|催促|提醒一下/.test(text))
    return county ? { kind: 'nudge', county, ledger } : { kind: 'help' };
  if (/谁还没|谁没|哪些县(还)?没|哪些(县)?(还)?未|未报|没报|没交|未交|还没报|还没交|没有报/.test(text)) {
    return { kind: 'unreported', ledger, period, city: county ? null : city };
  }
  if (/进度|完成情况|完成率|报了多少|报了几个|报送情况/.test(text))
    return { kind: 'progress', ledger, period };
  if (/汇总|统计|合计|总计|总数/.test(text)) return { kind: 'summary', ledger, period };
  if (/我的提交|修改记录|提交记录|报送记录|填报记录|历史/.test(text))
    return { kind: 'history', ledger, period };
  if (county && /情况|数据|详情|怎么样|报了什么|明细/.test(text))
    return { kind: 'county', county, ledger, period };
  if (/填报|报送|填写|上报|填表|录入|修改|更正|提交|^报/.test(text) || (ledger && !county))
    return { kind: 'fill', ledger, period, county };
  if (county) return { kind: 'county', county, ledger, period };
  return { kind: 'unknown', text: text.slice(0, 200) };
}
