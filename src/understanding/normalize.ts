// One spelling for the many ways the same message is typed: full-width letters and digits (附件２),
// circled numbers (附件②), upper case, traditional characters in pasted text, zero-width characters
// and runs of spaces. Everything after this reads the normal form only.

// Traditional forms of characters the lexicon relies on, and their simplified forms, in step.
const TRADITIONAL =
  '報進還沒彙匯總導載歷誰縣區幫單務協對結責書議會絡確認審鎖帳賬臺這個幾麼嗎們時間週記錄寫訊謝請問說級過東將陽長豐鶴來鳳崗黃門陳';
const SIMPLIFIED =
  '报进还没汇汇总导载历谁县区帮单务协对结责书议会络确认审锁账账台这个几么吗们时间周记录写讯谢请问说级过东将阳长丰鹤来凤岗黄门陈';
const SIMPLE = new Map([...TRADITIONAL].map((c, i) => [c, [...SIMPLIFIED][i] ?? c]));

export function normalizeText(input: string): string {
  const text = [...input.normalize('NFKC').toLowerCase()].map((c) => SIMPLE.get(c) ?? c).join('');
  return text
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
