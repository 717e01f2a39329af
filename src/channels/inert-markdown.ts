// Text a person wrote (a unit's name, a figure, a file name, a return reason) shown in a platform's
// markdown must stay text: `[点此重新登录](https://evil.example/login)` in a card was a link the
// receiver could click (issue 22). Each character markdown or its HTML would read as syntax becomes its
// full-width form, as Chinese text writes it anyway — no escape sequence a renderer might show raw or
// read differently — and "://" loses its slash pair, so no bare address is linked either. The bot's own
// formatting (bold labels, grey notes) is added around the result by each channel's renderer.
const FULL_WIDTH: Record<string, string> = {
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  _: '＿',
  '~': '～',
  '`': '｀',
  '|': '｜',
  '\\': '＼',
  $: '＄',
  '{': '｛',
  '}': '｝',
  '!': '！',
  '&': '＆',
};
const SYNTAX = /[[\]()<>*_~`|\\${}!&]/g;
/** At the start of a line: a heading, a list item or a rule. */
const LINE_START = /^(\s*)(#|[-+](?=\s|$))/gm;

export function inertMarkdown(text: string): string {
  return text
    .replace(SYNTAX, (c) => FULL_WIDTH[c] ?? c)
    .replace(/:\/\//g, '：／／')
    .replace(LINE_START, (_, space: string, mark: string) => `${space}${toFullWidth(mark)}`);
}

function toFullWidth(mark: string): string {
  return [...mark].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
}
