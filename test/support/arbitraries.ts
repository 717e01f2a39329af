// fast-check generators for what people (and attackers) type: figures in every spelling, control
// characters, huge strings, and phrases that look like the bot's commands.
import fc from 'fast-check';

/** Any text: printable, full unicode (with lone surrogates), or a handful of troublemakers. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u0000\u0001\u001f\u007f',
    '\r\n',
    '\t\t',
    '\u202e反向',
    '\u200b',
    '\ufeff',
    '\ud800',
    '🙂👨‍👩‍👧',
    '<script>alert(1)</script>',
    "'; DROP TABLE revisions; --",
    '{placeholder}',
    '__proto__',
    'constructor',
    '$' + '{x}',
    '%s%n',
    'null',
    'undefined',
  ),
);

/** Very long strings, to find limits that are not enforced. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('9', '测', 'a', ' ', '\u0000', '1,'), fc.integer({ min: 1_000, max: 60_000 }))
  .map(([unit, n]) => unit.repeat(n));

/** Figures as people paste them: commas, full-width digits, negatives, exponents, huge, NaN … */
export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.nat({ max: 1_000_000_000 }).map((n) => n.toLocaleString('en-US')),
  fc
    .nat({ max: 99_999 })
    .map((n) => String(n).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))),
  fc.tuple(fc.nat(), fc.nat({ max: 99_999_999 })).map(([a, b]) => `${a}.${b}`),
  fc.integer({ min: -99, max: 400 }).map((e) => `1e${e}`),
  fc.integer({ min: 12, max: 400 }).map((n) => '9'.repeat(n)),
  fc.constantFrom(
    '0',
    '-0',
    '-1',
    '－1',
    '1,234.5',
    '1，234',
    '12.34567',
    '0.0001',
    '0.00001',
    '1E3',
    '1e-3',
    'Infinity',
    '-Infinity',
    'NaN',
    '0x10',
    '0b11',
    '1_000',
    '١٢٣',
    '一百',
    '３.５',
    '3．5',
    ' 12 ',
    '12万',
    '99999999999',
    '99999999999.9999',
    '100000000000',
    '9007199254740993',
    '2023-03-10',
    '2023/3/10',
    '2023年3月10日',
    '2023-02-30',
  ),
);

/** A form value: a figure, any text, or something huge. */
export const formValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: numberish },
  { weight: 3, arbitrary: anyText },
  { weight: 1, arbitrary: hugeText },
);

export const COUNTY_NAMES = [
  '竹山县',
  '房县',
  '郧阳区',
  '南漳县',
  '秭归县',
  '五峰土家族自治县',
  '神农架林区',
];

/** The vocabulary of the bot's commands, shuffled together with noise. */
export const intentLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      '谁还没报',
      '谁没交',
      '哪些县还没报',
      '进度',
      '完成率',
      '汇总',
      '统计',
      '填报',
      '修改',
      '提交',
      '报',
      '催报',
      '催一下',
      '封账',
      '重新打开',
      '解封',
      '情况',
      '详情',
      '我的提交',
      '历史',
      '提醒记录',
      '帮助',
      '绑定',
      '绑定 ABCD12',
      '',
    ),
    fc.constantFrom(
      ...COUNTY_NAMES,
      '竹山',
      '五峰',
      '神农架',
      '十堰',
      '十堰市',
      '襄阳',
      '恩施州',
      '省直辖',
      '不存在县',
      '县',
      '',
    ),
    fc.constantFrom(
      '一季度',
      '第二季度',
      'Q3',
      'q4',
      '2023Q1',
      '2023-Q2',
      '2023年',
      '2022年四季度',
      '去年',
      '前年',
      '今年',
      '上半年',
      '前三季度',
      '0000年',
      '9999Q4',
      '1999年一季度',
      '2100Q4',
      '2101年',
      '第五季度',
      '',
    ),
    fc.constantFrom(
      '附件1',
      '附件2',
      '附件7',
      '附件8',
      '附件0',
      '附件七',
      'L1',
      'L5',
      'L9',
      'a2',
      '省直',
      '区域协作',
      '社会组织',
      '结对',
      '责任书',
      '协议书',
      '联席会议',
      '整改',
      '互访',
      '',
    ),
    fc.constantFrom(' ', '', '，', '\n', '\t', '　', '@_user_1 '),
    anyText,
  )
  .chain(([verb, county, period, ledger, sep, noise]) =>
    fc
      .shuffledSubarray([verb, county, period, ledger, noise], { minLength: 1 })
      .map((parts) => parts.join(sep)),
  );

/** Chat text: commands, noise, or huge. */
export const chatText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: intentLike },
  { weight: 3, arbitrary: anyText },
  { weight: 1, arbitrary: hugeText },
);
