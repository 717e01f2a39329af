// What each thing a person may want sounds like: cue words and patterns with weights. A message's
// reading scores every intent by the cues found in it (understand.ts); the words here are the whole
// of the bot's phrasing knowledge besides the ledger, place and period words of the lexicon.

export const INTENT_NAMES = [
  'fill',
  'unreported',
  'progress',
  'summary',
  'figure',
  'county',
  'own_status',
  'deadline',
  'history',
  'nudge',
  'export',
  'reminders',
  'digest',
  'review',
  'close',
  'reopen',
  'help',
  'bind',
  'thanks',
  'unknown',
] as const;
export type IntentName = (typeof INTENT_NAMES)[number];

export interface Cue {
  intent: IntentName | 'status_question';
  weight: number;
  /** Literal words (also matched when typed with a same-sounding character). */
  words?: readonly string[];
  pattern?: RegExp;
}

/** "报了没" and its kin: about one's own unit, a named county, or everyone — the rest of the message
 *  decides which (understand.ts resolves 'status_question'). */
const STATUS_QUESTION: Cue = {
  intent: 'status_question',
  weight: 3.5,
  pattern:
    /(报|交|填|提交|上报|报送|上传|发|过|收到)(齐|完|全|好|成功|上去|过)?(了)?(没|吗|么|吧|没有|了没|了吗|否)|是不是|是否(已)?|(完成|办完|搞定|做完|开完|弄完)了?(吗|没)|(报|交|填)没(报|交|填)|有没有(报|交|填|提交)|(报|交)上去了(吗|没)|(是否|有无)(已)?(报|交|提交)|状态|(确认|通过|审核|退回)了(吗|没)|(确认|审核)(结果|情况)|还差(什么|啥|哪些|哪个)|还有(什么|啥|哪些|哪个)(表|台账)?(没|未)|(要|该|需要|应该)(报|交|填)(什么|啥|哪些)|欠(什么|啥|哪些)/,
};

/** Phrases that describe a state, not a request (已封账, 封账了): their words are no cue. */
export const STATE_PHRASES =
  /(已经?|都)(封账|关账|结账)|(?<!可以|能|该|要|准备)(封账|关账|结账)了|(截至|截止|截止到|截至到)(目前|现在|今天|当前)/g;

export const CUES: readonly Cue[] = [
  STATUS_QUESTION,
  {
    intent: 'fill',
    weight: 3,
    words: [
      '填报',
      '填写',
      '填表',
      '填一下',
      '录入',
      '补报',
      '补填',
      '重新填',
      '重填',
      '开始填',
      '我要报',
      '报一下',
      '上报',
    ],
  },
  {
    intent: 'fill',
    weight: 2.5,
    words: ['修改', '更正', '改一下', '改数', '改数据', '重报', '修正', '纠正'],
  },
  {
    intent: 'fill',
    weight: 2,
    pattern: /^(报|填|交|提交)(?!了|没|吗)|提交|怎么填|怎么报|在哪(里)?填|填(的)?(表|单)/,
  },
  {
    intent: 'fill',
    weight: 3,
    pattern: /填(一?下|好|完|上)|帮.{0,8}填|(交|报|填|录|传)(一下|一部分|上去|上来|进去)|录(一|上|进|好)/,
  },
  { intent: 'fill', weight: 3, pattern: /填错|写错|报错了|(要|得|需要|我来|帮我)改|改(一下|下|掉|过来|正)/ },
  // Asking the way to a form, or saying one will do it now: 从哪进, 在哪填, 怎么改, 我来报, 我来更新.
  {
    intent: 'fill',
    weight: 4,
    pattern:
      /(从哪|在哪|哪里|怎么|如何)(里)?(进|填|报(?!名)|改|录|更新)|(我|我们)(来|要|现在)(报|填|更新|补|录)|(更新|补充)(一下|下)/,
  },
  { intent: 'fill', weight: 5, pattern: /上传|传(上来|上去|上)了?|发上来|导入/ },
  { intent: 'fill', weight: 1.2, words: ['报送', '要报', '来报', '去报'] },
  {
    intent: 'unreported',
    weight: 4,
    pattern:
      /谁(还)?(没|未|没有)(报|交|填|提交)?|哪(些|几个|个)(县|区|市|单位|地方)?(还)?(没|未|没有)(报|交|填|提交)|(没|未)(报|交|填)(的)?(有)?(哪些|哪几个|名单|清单|县)|还差(谁|哪些|哪几个|几个)|差(谁|哪些县|哪几个)|哪(些|几个)(县|区|单位)?还(差|缺|欠)|(尚未|仍未|还未|未曾|迟迟未)(报|交|提交|报送|上报|填报)|还差(哪几|几)(个|张|份|样)/,
  },
  {
    intent: 'unreported',
    weight: 3,
    words: [
      '未报',
      '没报',
      '没交',
      '未交',
      '还没报',
      '没有报',
      '未上报',
      '没上报',
      '漏报',
      '缺报',
      '没提交',
      '未提交',
      '没报送',
      '未报送',
      '没填报',
      '未填报',
    ],
  },
  { intent: 'unreported', weight: 1.5, pattern: /(有)?哪些|哪几个|名单|清单|列出|列表|有谁|是哪/ },
  {
    intent: 'progress',
    weight: 4,
    words: [
      '进度',
      '报送进度',
      '填报进度',
      '完成情况',
      '完成率',
      '报送情况',
      '填报情况',
      '报送率',
      '上报率',
      '整体情况',
      '进展',
    ],
  },
  {
    intent: 'progress',
    weight: 3,
    pattern:
      /报了(多少|几个|几家|百分之)|(多少|几个|几家)[^,。?]{0,6}(报|交|提交)了|报(得|的)怎么样|怎么样了|情况如何/,
  },
  {
    intent: 'summary',
    weight: 4,
    words: ['汇总', '统计', '合计', '总计', '总数', '加起来', '加总', '汇总表', '总体数据'],
  },
  { intent: 'summary', weight: 4, pattern: /总(额|量|和|计|数)|合计数|\bsum\b|\btotal\b/ },
  { intent: 'summary', weight: 2, words: ['一共', '总共', '全部数据'] },
  { intent: 'summary', weight: 1, words: ['数据'] },
  { intent: 'county', weight: 2, words: ['情况', '详情', '明细', '报了什么', '填的什么', '具体', '数据'] },
  { intent: 'county', weight: 1, words: ['怎么样', '看看', '查看', '查一下', '看一下'] },
  {
    intent: 'deadline',
    weight: 4.5,
    words: [
      '截止',
      '截至',
      '期限',
      '最后期限',
      '最晚',
      '到期',
      '时间节点',
      '报送时间',
      '截止日期',
      '截止时间',
      'deadline',
    ],
  },
  {
    intent: 'deadline',
    weight: 4,
    pattern:
      /(什么|啥|哪个)时(候|间)(前)?(截止|交|报|完成|之前)?|何时|哪天|几号|几月(几(号|日)|底|份)(前|之前)?|还有几天|还剩(几|多少)天|多久|多少天/,
  },
  {
    intent: 'history',
    weight: 4.5,
    words: [
      '我的提交',
      '提交记录',
      '修改记录',
      '修改历史',
      '提交历史',
      '报送记录',
      '报送历史',
      '填报记录',
      '填报历史',
      '历史记录',
      '历史版本',
      '我报过',
      '之前报的',
      '上次报的',
      '以前报的',
      '报过的',
    ],
  },
  {
    intent: 'history',
    weight: 4.5,
    pattern:
      /(之前|以前|上次|历次|曾经)(提交|报|填|报送|上报|交)(的|过)|(提交|报送|上报|填报|交)过(的|哪些|什么|啥)|历史提交|(改|修改|提交|报)过(几|多少)(次|回|版)|谁改的|(提交|报)的.{0,10}记录/,
  },
  { intent: 'history', weight: 3, words: ['历史', '版本', '记录'] },
  { intent: 'nudge', weight: 5, words: ['催报', '催一下', '催促', '催催', '催下', '帮我催'] },
  { intent: 'nudge', weight: 6, pattern: /催(一下|一遍|一次|下|促|报|催)|把.{0,12}催/ },
  { intent: 'nudge', weight: 5, words: ['督促', '督办', '提醒一下', '提醒他们', '通知一下'] },
  { intent: 'nudge', weight: 3, words: ['催'] },
  { intent: 'nudge', weight: 5, words: ['ping'] },
  {
    intent: 'nudge',
    weight: 4,
    pattern: /(提醒|通知|告诉).{0,10}(报|交|补|填|提交)|(发|下)(个|一个|条|一条)?(提醒|通知)/,
  },
  // 给房县发个提醒: an action aimed at someone outweighs the state it mentions (还没报).
  {
    intent: 'nudge',
    weight: 5.5,
    pattern: /给.{1,12}(发|下|打)(个|一个|条|一条|一下)?(提醒|通知|催报|催办)/,
  },
  {
    intent: 'nudge',
    weight: 3,
    pattern: /(让|叫|请)(他们|它们|他|她)?.{0,8}(尽快|赶紧|抓紧|马上)?(报|交|填|提交)/,
  },
  {
    intent: 'export',
    weight: 5,
    words: ['导出', '下载', '表格文件', '电子表格', '导表', 'export', 'download'],
  },
  { intent: 'export', weight: 5, pattern: /导(一份|一下|个|出来)/ },
  { intent: 'export', weight: 3, words: ['excel', 'xlsx'] },
  {
    intent: 'export',
    weight: 3,
    pattern: /(发|给|传)(我|一份|个)?.{0,6}(表格|文件|台账)|打包|要(一份|份)(表|台账)/,
  },
  {
    intent: 'reminders',
    weight: 6,
    words: [
      '提醒记录',
      '提醒历史',
      '发过哪些提醒',
      '收到的提醒',
      '提醒了谁',
      '催报记录',
      '提醒情况',
      '发了哪些提醒',
      '提醒发了',
    ],
  },
  {
    intent: 'reminders',
    weight: 5,
    pattern: /提醒.{0,6}(发给|发了|发送|给谁|谁|哪些|记录|情况)|(发送?|收)(了|过|到).{0,4}提醒/,
  },
  // Asking whether or how many reminders went out is the log, not a new reminder.
  {
    intent: 'reminders',
    weight: 12,
    pattern:
      /(发|催)(过|出去|出|了)(多少|几)?(条|次|个)?(提醒|催报|通知)(了)?(没|吗|么|没有)|发出去(多少|几)(条|次)|(提醒|通知|催报)(列表|清单|记录|历史)|谁催过/,
  },
  // The week's round-up (the card the bureau and the cities get each week), asked for now.
  {
    intent: 'digest',
    weight: 6,
    words: ['周报', '周汇总', '本周情况', '这周情况', '一周情况', '每周汇总', '本周报送情况', '周简报'],
  },
  {
    intent: 'digest',
    weight: 6,
    pattern:
      /(本|这|这一|上|当)周.{0,6}(情况|进展|进度|汇总|动态|怎么样|如何|报告|简报|小结|总结)|(每周|一周|周)(的)?(汇总|小结|总结|简报|通报)/,
  },
  {
    intent: 'review',
    weight: 4.5,
    words: [
      '审核',
      '审批',
      '待我确认',
      '要我确认',
      '需要确认',
      '需要我确认',
      '帮我确认',
      '退回重填',
      '退回重报',
      '退回修改',
      '打回重填',
      '审核通过',
      '确认无误',
      '退回去',
      '打回去',
      '退回吧',
      '驳回去',
    ],
  },
  { intent: 'review', weight: 2.5, words: ['确认', '通过', '退回', '驳回', '打回', '核对', '同意', '批准'] },
  { intent: 'close', weight: 6, words: ['封账', '关账', '结账', '截账', '锁账'] },
  {
    intent: 'close',
    weight: 6,
    pattern: /(账|帐)(封|关|锁)(了|上|掉|住)?|封(了|掉|上)?(账|帐)|^close\b|把.{0,10}封(了|掉|上|起来)/,
  },
  {
    intent: 'reopen',
    weight: 6,
    words: ['重新打开', '解封', '开账', '解锁', '重开', '打开重报', '重新开', 'reopen'],
  },
  // Undoing a close is a reopen, whatever word for the close it names.
  {
    intent: 'reopen',
    weight: 14,
    pattern: /(撤销|取消|解除|撤回|撤掉)(了)?.{0,14}(封账|关账|结账|锁账|封存)/,
  },
  {
    intent: 'help',
    weight: 5,
    words: [
      '帮助',
      '怎么用',
      '使用说明',
      '说明书',
      '菜单',
      '能做什么',
      '能干什么',
      '会什么',
      '你是谁',
      '教程',
      '不会用',
      '怎么操作',
      '有什么功能',
      '功能',
      'help',
      '指令',
      '命令',
      '用法',
      '咋用',
    ],
  },
  {
    intent: 'help',
    weight: 5,
    pattern:
      /(能|会|可以)(做|干|帮我?做?)(什么|啥|哪些)|(有)?(什么|啥|哪些)(功能|用处|用)|怎么(弄|操作|使用)/,
  },
  {
    intent: 'help',
    weight: 3,
    pattern: /^(你好|您好|在吗|在不在|哈喽|hello|hi|嗨|早上好|上午好|下午好|晚上好|早|喂)[!。.~]*$/,
  },
  { intent: 'help', weight: 1, words: ['你好', '您好', '在吗', '请问'] },
  // Thanks are the whole message ("好的谢谢", "收到！"); inside a request they are politeness.
  {
    intent: 'thanks',
    weight: 3,
    pattern:
      /^(好的|好|嗯嗯?|哦|ok|okay|收到|知道了|明白了?|了解|好嘞|好滴)?[,，!！.。~ ]*((谢谢|感谢|多谢|谢了|辛苦了?|thanks?|thx|收到|好的|知道了|明白了?|ok|好嘞|好滴|👍|🙏)[!！.。~ ]*)+(您|你|啦|了)?[!！.。~ ]*$/u,
  },
  { intent: 'thanks', weight: 1, words: ['谢谢', '感谢', '多谢', '辛苦'] },
];
