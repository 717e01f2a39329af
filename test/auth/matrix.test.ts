// Who may do what, through the chat path (dispatch with console events, card actions built from the
// cards the bot sends — or forged when it sent none) and, for export and Excel import, which have no
// chat command, through the CLI's --as. Every role against every action, each row on its own copy of
// a seeded database: an allowed row changes exactly what it should; a denied row changes nothing (every
// table compared) and the reply says why. The table below is the documentation.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePeriod } from '../../src/app/review.ts';
import { importRosterCsv, seedIfEmpty } from '../../src/app/roster.ts';
import { submitSheet } from '../../src/app/submit.ts';
import type { BotDeps } from '../../src/bot/deps.ts';
import { readInbox } from '../../src/channels/console/inbox.ts';
import { runCli } from '../../src/cli/main.ts';
import type { BotResponse, Button, Card, Reply } from '../../src/conversation/model.ts';
import { ledgerById } from '../../src/domain/ledgers/index.ts';
import { formatWan } from '../../src/domain/money.ts';
import { rowKeyOf } from '../../src/domain/rules.ts';
import { say as prompt } from '../../src/prompts.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import { type OpenedStore, openStore } from '../../src/store/open.ts';
import { consoleBot, demoUser, inputsOf, press, say, withoutAbout } from '../support/bot.ts';
import {
  CONTACTS_CSV,
  copyDb,
  demoMobile,
  MIGRATIONS,
  ROSTER_CSV,
  root,
  tempDb,
} from '../support/demo-store.ts';
import { changedTables, snapshot } from '../support/snapshot.ts';
import { DEMO_ROSTER } from '../understanding/support.ts';

const NOW = new Date('2023-03-27T02:00:00Z');
const PERIOD = '2023Q1';

// ---------------------------------------------------------------------------------------------------
// Who is asking. The demo roster has no provincial assistance unit, so 省教育厅 is added for 竹山县
// (through the same CSV import the CLI uses).
type Who =
  | 'county' // 竹山县 (its own county: 竹山县)
  | 'lead' // 省委宣传部, lead unit of 竹山县
  | 'otherLead' // 省住建厅, lead unit of 兴山县 (not of 竹山县)
  | 'city' // 十堰市: 郧阳区 … 竹山县, 房县 …
  | 'otherCity' // 襄阳市: 保康县, 南漳县, 谷城县
  | 'central' // 国家电网: 秭归县, 长阳, 巴东, 神农架
  | 'provincial' // 省教育厅: 竹山县
  | 'helper' // 襄阳市襄州区, helper of 竹山县
  | 'pairHelper' // 武汉市武昌区, one of the two helpers of 五峰土家族自治县 (the other: 武汉市江夏区)
  | 'bureau' // 省乡村振兴局: everything
  | 'unknown'; // an account that is in no roster

const PROVINCIAL_USER = 'demo-093';
const PROVINCIAL_MOBILE = '17000000093';
const USER: Record<Who, string> = {
  county: demoUser('county', '竹山县'),
  lead: demoUser('lead_unit', '省委宣传部'),
  otherLead: demoUser('lead_unit', '省住建厅'),
  city: demoUser('city', '十堰市'),
  otherCity: demoUser('city', '襄阳市'),
  central: demoUser('central_unit', '国家电网'),
  provincial: PROVINCIAL_USER,
  helper: demoUser('helper', '襄阳市襄州区'),
  pairHelper: demoUser('helper', '武汉市武昌区'),
  bureau: demoUser('bureau', '省乡村振兴局'),
  unknown: 'ou_not_in_roster',
};
const PROVINCIAL_COUNTY_SHEET = [
  'county,city,hosts_central_units,central_unit,lead_unit,helpers,provincial_units,source_note',
  '竹山县,十堰市,unknown,,省委宣传部,襄阳市襄州区,省教育厅,lead unit likely (2024 news)',
].join('\n');
const PROVINCIAL_CONTACT_SHEET = [
  'unit_kind,unit,name,mobile,platform,platform_user_id,demo',
  `provincial_unit,省教育厅,韩测试（演示）,${PROVINCIAL_MOBILE},console,${PROVINCIAL_USER},yes`,
].join('\n');

/** For the command line: each one's registered mobile (the unknown one is in no roster). */
const MOBILE: Record<Who, string> = {
  county: demoMobile('county', '竹山县'),
  lead: demoMobile('lead_unit', '省委宣传部'),
  otherLead: demoMobile('lead_unit', '省住建厅'),
  city: demoMobile('city', '十堰市'),
  otherCity: demoMobile('city', '襄阳市'),
  central: demoMobile('central_unit', '国家电网'),
  provincial: PROVINCIAL_MOBILE,
  helper: demoMobile('helper', '襄阳市襄州区'),
  pairHelper: demoMobile('helper', '武汉市武昌区'),
  bureau: demoMobile('bureau', '省乡村振兴局'),
  unknown: '13900000000',
};

const WUFENG = '五峰土家族自治县';

/** One county of each city named in the matrix. */
const CITY_COUNTY: Record<string, string> = {
  十堰市: '房县',
  襄阳市: '南漳县',
  恩施州: '巴东县',
  宜昌市: '秭归县',
};

/** 实际投入帮扶资金 (万元) of the seeded 2023Q1 附件2 sheets. */
const FUNDS: Record<string, number> = { 竹山县: 10, 房县: 20, 南漳县: 40, 秭归县: 80 };

// ---------------------------------------------------------------------------------------------------
// The matrix. Actions:
//   unreported  "谁还没报 附件3" — allow: the target county is listed; deny: it is not
//   byCity      "谁还没报 附件2 <市>" (base: nobody has reported) — allow: the city's counties listed;
//               deny: the city is out of scope, and no false "已全部报送"
//   group       the same in a group chat — allow: listed only in the private reply, never in the group
//   detail      "<县> 情况" — allow: the county's card; deny: "不在您单位的查看范围内"
//   summary     "汇总 附件2" — allow: the total of exactly the counties named (a+b), nothing else
//   history     "我的提交" — allow: the revisions of exactly the seeded counties named (a+b), nothing else
//   fill        "填报 附件2 <县>" — allow: the form card; deny: a refusal and no form
//   submit      "填报 附件2 <县>", then 提交 on the form (a forged save when no form was given)
//   forged      a save card action naming the county, never sent to this person
//   peek        a forged "list" card action for the county's seeded sheet — allow: its rows and figures
//   correct     修改 the county's existing row (form r=<row>), then 提交 with a new figure
//   m1 / m3     the dated declarations 首次联席会议 (lead units) and 互访 (both sides of a pair)
//   m3Pair      互访 of 五峰 declared for the pair of the helper named — allow: saved; deny: nothing saved
//   nudge       "催报 <县>"
//   confirm / return   确认 / 退回 on the review card of the county's 附件2 (forged for those without one)
//   close       "封账 2023Q1";  reopen  "重新打开 <县> 附件2 2023Q1" after the bureau closed the period
//   reviewReopened     确认 on the review card of a sheet the bureau reopened after closing and the county
//               then corrected (revision 2)
//   roster      chat asking to change the roster (add/delete a contact, change a lead unit, import)
//   export      there is no "导出" chat command: the CLI `export --as <mobile> --period 2023Q1 --ledger a2`
//               — allow: the workbook holds exactly the seeded counties named (a+b); deny: exit 1, no file
//   excel       the CLI `import <file> --as <mobile>` of the bureau's 附件2 workbook cut down to the county's
//               row with a new figure — allow: a new revision for that county; deny: exit 1, nothing saved
type Action =
  | 'unreported'
  | 'byCity'
  | 'group'
  | 'detail'
  | 'summary'
  | 'history'
  | 'fill'
  | 'submit'
  | 'forged'
  | 'peek'
  | 'correct'
  | 'm1'
  | 'm3'
  | 'm3Pair'
  | 'nudge'
  | 'confirm'
  | 'return'
  | 'close'
  | 'reopen'
  | 'reviewReopened'
  | 'roster'
  | 'export'
  | 'excel';
type Verdict = 'allow' | 'deny';
/** A fifth element names a known bug: the row asserts the right behaviour and is expected to fail. */
type Row = readonly [Who, Action, string, Verdict] | readonly [Who, Action, string, Verdict, string];

const MATRIX: readonly Row[] = [
  // read: who has not reported (附件3, nobody has)
  ['county', 'unreported', '竹山县', 'allow'],
  ['county', 'unreported', '房县', 'deny'],
  ['lead', 'unreported', '竹山县', 'allow'],
  ['lead', 'unreported', '房县', 'deny'],
  ['city', 'unreported', '房县', 'allow'],
  ['city', 'unreported', '南漳县', 'deny'],
  ['central', 'unreported', '秭归县', 'allow'],
  ['central', 'unreported', '竹山县', 'deny'],
  ['provincial', 'unreported', '竹山县', 'allow'],
  ['provincial', 'unreported', '房县', 'deny'],
  ['helper', 'unreported', '竹山县', 'allow'],
  ['helper', 'unreported', '房县', 'deny'],
  ['bureau', 'unreported', '南漳县', 'allow'],
  ['unknown', 'unreported', '竹山县', 'deny'],
  ['city', 'byCity', '十堰市', 'allow'],
  ['otherCity', 'byCity', '襄阳市', 'allow'],
  ['bureau', 'byCity', '襄阳市', 'allow'],
  ['city', 'byCity', '襄阳市', 'deny'],
  ['lead', 'byCity', '恩施州', 'deny'],
  ['county', 'byCity', '宜昌市', 'deny'],
  ['unknown', 'byCity', '十堰市', 'deny'],
  ['county', 'group', '竹山县', 'allow'],
  ['lead', 'group', '竹山县', 'allow'],
  ['city', 'group', '房县', 'allow'],
  ['city', 'group', '南漳县', 'deny'],
  ['helper', 'group', '竹山县', 'allow'],
  ['bureau', 'group', '南漳县', 'allow'],
  ['unknown', 'group', '竹山县', 'deny'],
  // read: one county's details
  ['county', 'detail', '竹山县', 'allow'],
  ['county', 'detail', '房县', 'deny'],
  ['lead', 'detail', '竹山县', 'allow'],
  ['lead', 'detail', '房县', 'deny'],
  ['city', 'detail', '房县', 'allow'],
  ['city', 'detail', '南漳县', 'deny'],
  ['central', 'detail', '秭归县', 'allow'],
  ['central', 'detail', '竹山县', 'deny'],
  ['provincial', 'detail', '竹山县', 'allow'],
  ['provincial', 'detail', '房县', 'deny'],
  ['helper', 'detail', '竹山县', 'allow'],
  ['helper', 'detail', '房县', 'deny'],
  ['bureau', 'detail', '南漳县', 'allow'],
  ['unknown', 'detail', '竹山县', 'deny'],
  // read: totals of 附件2 over the asker's scope (seeded: 竹山 10, 房县 20, 南漳 40, 秭归 80 万元)
  ['county', 'summary', '竹山县', 'allow'],
  ['lead', 'summary', '竹山县', 'allow'],
  ['city', 'summary', '竹山县+房县', 'allow'],
  ['otherCity', 'summary', '南漳县', 'allow'],
  ['central', 'summary', '秭归县', 'allow'],
  ['provincial', 'summary', '竹山县', 'allow'],
  ['helper', 'summary', '竹山县', 'allow'],
  ['bureau', 'summary', '竹山县+房县+南漳县+秭归县', 'allow'],
  ['unknown', 'summary', '-', 'deny'],
  // read: the latest submissions in scope
  ['county', 'history', '竹山县', 'allow'],
  ['lead', 'history', '竹山县', 'allow'],
  ['city', 'history', '竹山县+房县', 'allow'],
  ['otherCity', 'history', '南漳县', 'allow'],
  ['central', 'history', '秭归县', 'allow'],
  ['provincial', 'history', '竹山县', 'allow'],
  ['helper', 'history', '竹山县', 'allow'],
  ['bureau', 'history', '竹山县+房县+南漳县+秭归县', 'allow'],
  ['unknown', 'history', '-', 'deny'],
  // submit: ask for the form
  ['county', 'fill', '竹山县', 'allow'],
  ['county', 'fill', '房县', 'deny'],
  ['lead', 'fill', '竹山县', 'deny'],
  ['city', 'fill', '房县', 'deny'],
  ['central', 'fill', '秭归县', 'deny'],
  ['provincial', 'fill', '竹山县', 'deny'],
  ['helper', 'fill', '竹山县', 'deny'],
  ['bureau', 'fill', '竹山县', 'allow'],
  ['unknown', 'fill', '竹山县', 'deny'],
  // submit: the form submitted (forged when no form was given)
  ['county', 'submit', '竹山县', 'allow'],
  ['lead', 'submit', '竹山县', 'deny'],
  ['city', 'submit', '房县', 'deny'],
  ['central', 'submit', '秭归县', 'deny'],
  ['provincial', 'submit', '竹山县', 'deny'],
  ['helper', 'submit', '竹山县', 'deny'],
  ['bureau', 'submit', '南漳县', 'allow'],
  ['unknown', 'submit', '竹山县', 'deny'],
  // submit: a forged card action naming a county
  ['county', 'forged', '房县', 'deny'],
  ['county', 'forged', '竹山县', 'allow'],
  ['lead', 'forged', '房县', 'deny'],
  ['city', 'forged', '南漳县', 'deny'],
  ['central', 'forged', '竹山县', 'deny'],
  ['provincial', 'forged', '房县', 'deny'],
  ['helper', 'forged', '房县', 'deny'],
  ['bureau', 'forged', '房县', 'allow'],
  ['unknown', 'forged', '房县', 'deny'],
  // a county's sheet opened by a forged card action (the figures behind the form)
  ['county', 'peek', '竹山县', 'allow'],
  ['county', 'peek', '房县', 'deny'],
  ['lead', 'peek', '竹山县', 'deny'],
  ['city', 'peek', '房县', 'deny'],
  ['central', 'peek', '秭归县', 'deny'],
  ['helper', 'peek', '竹山县', 'deny'],
  ['bureau', 'peek', '南漳县', 'allow'],
  ['unknown', 'peek', '竹山县', 'deny'],
  // correct: edit the existing row of a seeded sheet
  ['county', 'correct', '竹山县', 'allow'],
  ['county', 'correct', '房县', 'deny'],
  ['lead', 'correct', '竹山县', 'deny'],
  ['city', 'correct', '竹山县', 'deny'],
  ['central', 'correct', '秭归县', 'deny'],
  ['provincial', 'correct', '竹山县', 'deny'],
  ['helper', 'correct', '竹山县', 'deny'],
  ['bureau', 'correct', '房县', 'allow'],
  ['unknown', 'correct', '竹山县', 'deny'],
  // declarations: M1 is the lead unit's, M3 both sides of the regional pair's
  ['lead', 'm1', '竹山县', 'allow'],
  ['otherLead', 'm1', '竹山县', 'deny'],
  ['county', 'm1', '竹山县', 'deny'],
  ['helper', 'm3', '竹山县', 'allow'],
  ['helper', 'm3', '房县', 'deny'],
  ['county', 'm3', '竹山县', 'allow'],
  ['central', 'm3', '秭归县', 'deny'],
  ['pairHelper', 'm3Pair', '武汉市武昌区', 'allow'],
  ['pairHelper', 'm3Pair', '武汉市江夏区', 'deny'],
  ['helper', 'm3Pair', '武汉市江夏区', 'deny'],
  ['bureau', 'm3Pair', '武汉市江夏区', 'allow'],
  // nudge
  ['county', 'nudge', '竹山县', 'deny'],
  ['lead', 'nudge', '竹山县', 'allow'],
  ['lead', 'nudge', '房县', 'deny'],
  ['city', 'nudge', '房县', 'allow'],
  ['city', 'nudge', '南漳县', 'deny'],
  ['otherCity', 'nudge', '竹山县', 'deny'],
  ['central', 'nudge', '秭归县', 'deny'],
  ['provincial', 'nudge', '竹山县', 'deny'],
  ['helper', 'nudge', '竹山县', 'deny'],
  ['bureau', 'nudge', '南漳县', 'allow'],
  ['unknown', 'nudge', '竹山县', 'deny'],
  // review: confirm / return 竹山县's 附件2 (only 省委宣传部 received the card)
  ['lead', 'confirm', '竹山县', 'allow'],
  ['lead', 'confirm', '房县', 'deny'],
  ['otherLead', 'confirm', '竹山县', 'deny'],
  ['county', 'confirm', '竹山县', 'deny'],
  ['city', 'confirm', '竹山县', 'deny'],
  ['central', 'confirm', '竹山县', 'deny'],
  ['provincial', 'confirm', '竹山县', 'deny'],
  ['helper', 'confirm', '竹山县', 'deny'],
  ['bureau', 'confirm', '竹山县', 'allow'],
  ['unknown', 'confirm', '竹山县', 'deny'],
  ['lead', 'return', '竹山县', 'allow'],
  ['otherLead', 'return', '竹山县', 'deny'],
  ['county', 'return', '竹山县', 'deny'],
  ['city', 'return', '竹山县', 'deny'],
  ['central', 'return', '竹山县', 'deny'],
  ['provincial', 'return', '竹山县', 'deny'],
  ['helper', 'return', '竹山县', 'deny'],
  ['bureau', 'return', '房县', 'allow'],
  ['unknown', 'return', '竹山县', 'deny'],
  // closing a period and reopening a sheet
  ['county', 'close', PERIOD, 'deny'],
  ['lead', 'close', PERIOD, 'deny'],
  ['city', 'close', PERIOD, 'deny'],
  ['central', 'close', PERIOD, 'deny'],
  ['provincial', 'close', PERIOD, 'deny'],
  ['helper', 'close', PERIOD, 'deny'],
  ['bureau', 'close', PERIOD, 'allow'],
  ['unknown', 'close', PERIOD, 'deny'],
  ['county', 'reopen', '竹山县', 'deny'],
  ['lead', 'reopen', '竹山县', 'deny'],
  ['city', 'reopen', '竹山县', 'deny'],
  ['central', 'reopen', '秭归县', 'deny'],
  ['provincial', 'reopen', '竹山县', 'deny'],
  ['helper', 'reopen', '竹山县', 'deny'],
  ['bureau', 'reopen', '竹山县', 'allow'],
  ['unknown', 'reopen', '竹山县', 'deny'],
  ['lead', 'reviewReopened', '竹山县', 'allow'],
  ['bureau', 'reviewReopened', '竹山县', 'allow'],
  ['county', 'reviewReopened', '竹山县', 'deny'],
  ['city', 'reviewReopened', '竹山县', 'deny'],
  ['otherLead', 'reviewReopened', '竹山县', 'deny'],
  // roster changes: there is no chat command; whatever is asked, the roster stays as it is
  ['county', 'roster', '竹山县', 'deny'],
  ['lead', 'roster', '竹山县', 'deny'],
  ['city', 'roster', '房县', 'deny'],
  ['central', 'roster', '秭归县', 'deny'],
  ['provincial', 'roster', '竹山县', 'deny'],
  ['helper', 'roster', '竹山县', 'deny'],
  ['bureau', 'roster', '竹山县', 'deny'],
  ['unknown', 'roster', '竹山县', 'deny'],
  // export (command line, scoped to the contact named with --as)
  ['county', 'export', '竹山县', 'allow'],
  ['lead', 'export', '竹山县', 'allow'],
  ['city', 'export', '竹山县+房县', 'allow'],
  ['otherCity', 'export', '南漳县', 'allow'],
  ['central', 'export', '秭归县', 'allow'],
  ['provincial', 'export', '竹山县', 'allow'],
  ['helper', 'export', '竹山县', 'allow'],
  ['bureau', 'export', '竹山县+房县+南漳县+秭归县', 'allow'],
  ['unknown', 'export', '-', 'deny'],
  // Excel import (command line): only the county itself and the bureau submit a county's figures
  ['county', 'excel', '竹山县', 'allow'],
  ['county', 'excel', '房县', 'deny'],
  ['lead', 'excel', '竹山县', 'deny'],
  ['city', 'excel', '房县', 'deny'],
  ['central', 'excel', '秭归县', 'deny'],
  ['provincial', 'excel', '竹山县', 'deny'],
  ['helper', 'excel', '竹山县', 'deny'],
  ['bureau', 'excel', '南漳县', 'allow'],
  ['unknown', 'excel', '竹山县', 'deny'],
];
/** Actions run from the command line rather than the chat. */
const CLI_ACTIONS: readonly Action[] = ['export', 'excel'];

// ---------------------------------------------------------------------------------------------------
// Fixtures: three template databases, copied for every row.
type Fixture = 'base' | 'seeded' | 'closed';
let dir = '';
const cleanups: (() => Promise<void>)[] = [];
const templates = new Map<Fixture, string>();
/** A complete, valid 附件2 form for 竹山县 as its card offers it (field key → typed text). */
let a2Form: Record<string, string> = {};
let reviewButtons: { confirm: Button; return: Button } | null = null;

interface Ctx {
  store: OpenedStore;
  bot: BotDeps;
  /** The database's URL. */
  url: string;
  /** Where the row's other files go (its name, as a prefix). */
  file: string;
}

async function withStore<T>(url: string, work: (ctx: Ctx) => Promise<T>, file = ''): Promise<T> {
  const store = await openStore(url, MIGRATIONS);
  try {
    return await work({ store, bot: consoleBot(store, () => NOW), url, file });
  } finally {
    await store.close();
  }
}

function cityOf(county: string): string {
  const unit = DEMO_ROSTER.units.find((u) => u.name === county);
  return DEMO_ROSTER.units.find((u) => u.id === unit?.cityId)?.name ?? '?';
}

function countyId(name: string): string {
  return `county:${name}`;
}

function cardsOf(response: BotResponse): Card[] {
  const replies: Reply[] = [...response.replies, ...(response.privateReplies ?? [])];
  return [
    ...(response.update ? [response.update] : []),
    ...replies.flatMap((r) => (r.kind === 'card' ? [r.card] : [])),
  ];
}

function formCard(response: BotResponse): Card | undefined {
  return cardsOf(response).find((c) => c.blocks.some((b) => b.kind === 'form'));
}

function submitButton(card: Card): Button {
  const form = card.blocks.find((b) => b.kind === 'form');
  const button = form?.kind === 'form' ? form.buttons.find((b) => b.submit) : undefined;
  if (!button) throw new Error(`no submit button on ${card.title}`);
  return button;
}

function cardText(card: Card): string {
  const parts = [card.title, card.subtitle ?? ''];
  for (const b of card.blocks) {
    if (b.kind === 'text' || b.kind === 'note') parts.push(b.text);
    if (b.kind === 'fields') parts.push(...b.fields.map((f) => `${f.label}：${f.value}`));
    if (b.kind === 'table') parts.push(...b.rows.map((r) => Object.values(r).join(' | ')));
    if (b.kind === 'buttons' || b.kind === 'form') parts.push(...b.buttons.map((x) => x.label));
  }
  return parts.join('\n');
}

/** What the answer says, without the echo line naming what was asked (which names the target). */
function responseText(response: BotResponse): string {
  const replies: Reply[] = [...response.replies, ...(response.privateReplies ?? [])];
  return withoutAbout(
    [
      response.toast?.text ?? '',
      ...(response.update ? [cardText(response.update)] : []),
      ...replies.map((r) =>
        r.kind === 'text' ? r.text : r.kind === 'file' ? r.file.filename : cardText(r.card),
      ),
    ].join('\n'),
  );
}

/** Every input of a form card as a person would fill it, with 附件2's training breakdown adding up. */
function filled(card: Card, overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputsOf(card)) {
    values[input.name] =
      input.value ??
      (input.kind === 'date'
        ? '2023-03-10'
        : input.kind === 'select'
          ? (input.options[0]?.value ?? '')
          : '1');
  }
  if ('trainingActual' in values) {
    Object.assign(values, {
      trainingActual: '5',
      trainTech: '1',
      trainLeaders: '1',
      trainFarming: '1',
      trainJobs: '1',
      trainOther: '1',
    });
  }
  return { ...values, ...overrides };
}

function forged(action: Record<string, string>): Button {
  return { label: 'forged', style: 'default', action };
}

/** Runs the command line in-process on one database. */
async function cliOn(url: string, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, {
    openStore: () => openStore(url, MIGRATIONS),
    database: { url, migrations: MIGRATIONS },
    sweep: async () => {
      throw new Error('no sweep here');
    },
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      out += `${t}\n`;
    },
    now: () => NOW,
    bot: () => {
      throw new Error('no conversation here');
    },
  });
  return { code, out };
}

/** Every cell of a workbook as text. */
async function workbookText(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path).slice().buffer);
  const cells: string[] = [];
  for (const ws of workbook.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
  return cells.join('\n');
}

/** The bureau's 附件2 workbook with only `county`'s row left, its 实际投入帮扶资金 raised by 1 万元. */
async function workbookOf(ctx: Ctx, county: string): Promise<string> {
  const path = `${ctx.file}.${county}.xlsx`;
  const exported = await cliOn(ctx.url, 'export', '--period', PERIOD, '--ledger', 'a2', '--out', path);
  if (exported.code !== 0) throw new Error(exported.out);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path).slice().buffer);
  const ws = workbook.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  let fundsCol = 0;
  const dataRows: number[] = [];
  ws.eachRow((row, r) => {
    row.eachCell((cell, c) => {
      if (cell.value === '实际投入帮扶资金(万元)') fundsCol = c;
      if (c === 2 && typeof cell.value === 'string' && cell.value in FUNDS) dataRows.push(r);
    });
  });
  const source = dataRows.find((r) => ws.getCell(r, 2).value === county);
  const [first] = dataRows;
  if (!source || !first || fundsCol === 0) throw new Error(`no row for ${county}`);
  const values = ws.getRow(source).values as ExcelJS.CellValue[];
  for (const r of dataRows) for (let c = 1; c < values.length; c++) ws.getCell(r, c).value = null;
  for (let c = 1; c < values.length; c++) ws.getCell(first, c).value = values[c] ?? null;
  ws.getCell(first, fundsCol).value = (FUNDS[county] ?? 0) + 1;
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  return path;
}

const A2_ROW_KEY = rowKeyOf(ledgerById('a2'), { provincialUnit: '省委宣传部' });

async function seedA2(ctx: Ctx, county: string, funds: number): Promise<void> {
  if (county === '竹山县') {
    // Through the bot, so the lead unit receives the review card.
    const card = formCard(await say(ctx.bot, USER.county, '填报 附件2'));
    if (!card) throw new Error('no 附件2 form for 竹山县');
    const saved = await press(ctx.bot, USER.county, submitButton(card), {
      ...filled(card),
      fundsActual: String(funds),
    });
    if (saved.toast?.tone !== 'success') throw new Error(`seed 竹山县: ${responseText(saved)}`);
    return;
  }
  const { reporter = '', ...row } = { ...a2Form, fundsActual: String(funds) };
  const outcome = await submitSheet(
    ctx.store,
    { as: demoMobile('county', county), ledger: 'a2', period: PERIOD, body: { reporter, rows: [row] } },
    'cli',
    NOW,
  );
  if (outcome.kind !== 'saved') throw new Error(`seed ${county}: ${JSON.stringify(outcome)}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangfu-matrix-'));
  const baseDb = await tempDb({ migrated: true });
  cleanups.push(() => baseDb.cleanup());
  const base = baseDb.url;
  await withStore(base, async ({ store, bot }) => {
    await seedIfEmpty(store, ROSTER_CSV, CONTACTS_CSV);
    for (const sheet of [PROVINCIAL_COUNTY_SHEET, PROVINCIAL_CONTACT_SHEET]) {
      const imported = await importRosterCsv(store, sheet);
      if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    }
    // The form the bureau gets for 竹山县: the field names and a valid set of values to forge with.
    const card = formCard(await say(bot, USER.bureau, '填报 附件2 竹山县'));
    if (!card) throw new Error('no 附件2 form for the bureau');
    a2Form = filled(card);
  });
  templates.set('base', base);

  const seededDb = await copyDb(base, dir, 'seeded');
  cleanups.push(seededDb.cleanup);
  const seeded = seededDb.url;
  await withStore(seeded, async (ctx) => {
    for (const [county, funds] of Object.entries(FUNDS)) await seedA2(ctx, county, funds);
    const [review] = (
      await readInbox(mailboxOf(ctx.store), { kind: 'user', platform: 'console', userId: USER.lead })
    )
      .map((m) => m.reply)
      .flatMap((r) => (r.kind === 'card' ? [r.card] : []))
      .filter((c) => c.title.includes('竹山县'));
    if (!review) throw new Error('the lead unit got no review card');
    const buttons = review.blocks.flatMap((b) => (b.kind === 'form' ? b.buttons : []));
    const confirm = buttons.find((b) => b.action.what === 'confirm');
    const ret = buttons.find((b) => b.action.what === 'return');
    if (!confirm || !ret) throw new Error('review card without 确认/退回');
    reviewButtons = { confirm, return: ret };
  });
  templates.set('seeded', seeded);

  const closedDb = await copyDb(seeded, dir, 'closed');
  cleanups.push(closedDb.cleanup);
  const closed = closedDb.url;
  await withStore(closed, async ({ store }) => {
    const result = await closePeriod(
      store,
      { as: demoMobile('bureau', '省乡村振兴局'), period: PERIOD },
      NOW,
    );
    if (!result.ok) throw new Error('could not close the period');
  });
  templates.set('closed', closed);
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------
// What each action does and what allow / deny mean for it.
interface Observed {
  response: BotResponse;
  text: string;
  changed: string[];
  ctx: Ctx;
}

interface ActionSpec {
  fixture: Fixture;
  /** What happens before the row (not part of what the row changes). */
  setup?(ctx: Ctx): Promise<void>;
  run(ctx: Ctx, who: Who, target: string): Promise<BotResponse>;
  allowed(o: Observed, target: string): Promise<void> | void;
  denied(o: Observed, target: string): Promise<void> | void;
}

const UNKNOWN_SENDER = prompt('bot.unknownSender');

function refusedUnchanged(o: Observed): void {
  expect(o.changed, o.text).toEqual([]);
  expect(o.response.toast?.tone, o.text).not.toBe('success');
}

async function latestRevision(ctx: Ctx, form: string, county: string, period: string) {
  const rows = await ctx.store.db
    .selectFrom('revisions')
    .selectAll()
    .where('form', '=', form)
    .where('period', '=', period)
    .where('county_id', '=', countyId(county))
    .orderBy('revision', 'desc')
    .execute();
  const revision = rows[0]?.revision ?? 0;
  return { revision, rows: rows.filter((r) => r.revision === revision && r.row_key !== '') };
}

/** Asks for a form; submits it when one came, else submits the given forged action. */
async function fillAndSubmit(
  ctx: Ctx,
  who: Who,
  ask: string,
  fallback: Record<string, string>,
  values: Record<string, string>,
): Promise<BotResponse> {
  const card = formCard(await say(ctx.bot, USER[who], ask));
  if (card) return press(ctx.bot, USER[who], submitButton(card), filled(card, values));
  return press(ctx.bot, USER[who], forged(fallback), values);
}

function savedRevision(form: string, period: string) {
  return async (o: Observed, target: string) => {
    expect(o.response.toast, o.text).toMatchObject({ tone: 'success' });
    expect(o.changed).toContain('revisions');
    expect(o.changed.filter((t) => t !== 'revisions' && t !== 'console_inbox')).toEqual([]);
    expect((await latestRevision(o.ctx, form, target, period)).rows.length).toBeGreaterThan(0);
  };
}

const saveA2 = (county: string, r = ''): Record<string, string> => ({
  op: 'save',
  l: 'a2',
  p: PERIOD,
  c: countyId(county),
  r,
});

const ACTIONS: Record<Action, ActionSpec> = {
  unreported: {
    fixture: 'seeded',
    run: ({ bot }, who) => say(bot, USER[who], '谁还没报 附件3'),
    allowed: (o, target) => {
      // A long list is grouped by city: the county's city is then listed with a button that opens it.
      if (!o.text.includes(target)) expect(o.text).toContain(`看${cityOf(target)}`);
      expect(o.changed).toEqual([]);
    },
    denied: (o, target) => {
      expect(o.text).not.toContain(target);
      expect(o.changed).toEqual([]);
    },
  },
  byCity: {
    fixture: 'base',
    run: ({ bot }, who, target) => say(bot, USER[who], `谁还没报 附件2 ${target}`),
    allowed: (o, target) => {
      expect(o.text).toContain(CITY_COUNTY[target] ?? '?');
      expect(o.changed).toEqual([]);
    },
    denied: (o, target) => {
      expect(o.text).not.toContain('已全部报送');
      expect(o.text).not.toContain(CITY_COUNTY[target] ?? '?');
      expect(
        o.text.includes(prompt('bot.outOfScope', { county: target })) || o.text.includes(UNKNOWN_SENDER),
        o.text,
      ).toBe(true);
      expect(o.changed).toEqual([]);
    },
  },
  group: {
    fixture: 'seeded',
    run: ({ bot }, who) => say(bot, USER[who], '谁还没报 附件3', true),
    allowed: (o, target) => {
      // The group sees counts (its subtitle names the asking unit, which may be the county itself).
      const group = o.response.replies.map((r) =>
        r.kind === 'text'
          ? r.text
          : r.kind === 'file'
            ? r.file.filename
            : cardText({ ...r.card, title: '', subtitle: '' }),
      );
      expect(group.join('\n')).not.toContain(target);
      const names = responseText({ replies: o.response.privateReplies ?? [] });
      if (!names.includes(target)) expect(names).toContain(`看${cityOf(target)}`);
      expect(o.changed).toEqual([]);
    },
    denied: (o, target) => {
      expect(o.text).not.toContain(target);
      expect(o.changed).toEqual([]);
    },
  },
  detail: {
    fixture: 'seeded',
    run: ({ bot }, who, target) => say(bot, USER[who], `${target} 情况`),
    allowed: (o, target) => {
      expect(
        cardsOf(o.response)
          .map((c) => c.title)
          .join(),
      ).toContain(target);
      expect(o.text).toContain('附件2');
      expect(o.changed).toEqual([]);
    },
    denied: (o, target) => {
      expect(cardsOf(o.response)).toEqual([]);
      expect([prompt('bot.outOfScope', { county: target }), UNKNOWN_SENDER]).toContain(o.text.trim());
      expect(o.changed).toEqual([]);
    },
  },
  summary: {
    fixture: 'seeded',
    run: ({ bot }, who) => say(bot, USER[who], '汇总 附件2'),
    allowed: (o, target) => {
      const counties = target.split('+');
      const total = counties.reduce((sum, c) => sum + (FUNDS[c] ?? 0), 0);
      const [card] = cardsOf(o.response);
      const table = card?.blocks.find((b) => b.kind === 'table');
      const row = table?.kind === 'table' ? table.rows.find((r) => r.item === '实际投入帮扶资金') : undefined;
      expect(row?.total, o.text).toBe(`${formatWan(total * 10_000)}万元`);
      expect(card?.subtitle).toContain(`已报${counties.length}个县`);
      expect(o.changed).toEqual([]);
    },
    denied: (o) => {
      expect(o.text.trim()).toBe(UNKNOWN_SENDER);
      expect(o.changed).toEqual([]);
    },
  },
  history: {
    fixture: 'seeded',
    run: ({ bot }, who) => say(bot, USER[who], '我的提交'),
    allowed: (o, target) => {
      const wanted = target.split('+');
      for (const county of Object.keys(FUNDS)) {
        if (wanted.includes(county)) expect(o.text, county).toContain(`${county} 附件2 省直定点帮扶`);
        else expect(o.text, county).not.toContain(county);
      }
      expect(o.changed).toEqual([]);
    },
    denied: (o) => {
      expect(o.text.trim()).toBe(UNKNOWN_SENDER);
      expect(o.changed).toEqual([]);
    },
  },
  fill: {
    fixture: 'base',
    run: ({ bot }, who, target) => say(bot, USER[who], `填报 附件2 ${target}`),
    allowed: (o, target) => {
      const card = formCard(o.response);
      expect(card?.title, o.text).toBe(`2023年第一季度 省直单位定点帮扶工作情况台账`);
      expect(card?.subtitle).toContain(target);
      expect(o.changed).toEqual([]);
    },
    denied: (o) => {
      expect(formCard(o.response), o.text).toBeUndefined();
      expect(o.changed).toEqual([]);
    },
  },
  submit: {
    fixture: 'base',
    run: (ctx, who, target) => fillAndSubmit(ctx, who, `填报 附件2 ${target}`, saveA2(target), a2Form),
    allowed: savedRevision('a2', PERIOD),
    denied: refusedUnchanged,
  },
  forged: {
    fixture: 'base',
    run: ({ bot }, who, target) => press(bot, USER[who], forged(saveA2(target)), a2Form),
    allowed: savedRevision('a2', PERIOD),
    denied: refusedUnchanged,
  },
  peek: {
    fixture: 'seeded',
    run: ({ bot }, who, target) =>
      press(bot, USER[who], forged({ op: 'list', l: 'a2', p: PERIOD, c: countyId(target) })),
    allowed: (o, target) => {
      expect(o.response.update?.subtitle).toContain(target);
      expect(o.text).toContain('省委宣传部');
      expect(o.changed).toEqual([]);
    },
    denied: (o) => {
      expect(o.response.update).toBeUndefined();
      expect(o.response.toast?.tone).not.toBe('success');
      expect(o.changed).toEqual([]);
    },
  },
  correct: {
    fixture: 'seeded',
    run: async ({ bot }, who, target) => {
      const open = { op: 'form', l: 'a2', p: PERIOD, c: countyId(target), r: A2_ROW_KEY };
      const opened = await press(bot, USER[who], forged(open));
      const card = opened.update && formCard(opened);
      if (card) return press(bot, USER[who], submitButton(card), filled(card, { fundsActual: '11' }));
      return press(bot, USER[who], forged(saveA2(target, A2_ROW_KEY)), { ...a2Form, fundsActual: '11' });
    },
    allowed: async (o, target) => {
      await savedRevision('a2', PERIOD)(o, target);
      const latest = await latestRevision(o.ctx, 'a2', target, PERIOD);
      expect(latest.revision).toBe(2);
      expect(latest.rows.map((r) => (JSON.parse(r.payload) as { fundsActual: number }).fundsActual)).toEqual([
        110_000,
      ]);
    },
    denied: refusedUnchanged,
  },
  m1: {
    fixture: 'base',
    run: (ctx, who, target) =>
      fillAndSubmit(
        ctx,
        who,
        `填报 首次联席会议 ${target}`,
        { op: 'save', l: 'm1', p: '2023', c: countyId(target), r: '' },
        { heldOn: '2023-03-10', reporter: '测试 17000000000' },
      ),
    allowed: savedRevision('m1', '2023'),
    denied: refusedUnchanged,
  },
  m3: {
    fixture: 'base',
    run: (ctx, who, target) =>
      fillAndSubmit(
        ctx,
        who,
        `填报 互访 ${target}`,
        { op: 'save', l: 'm3', p: '2023', c: countyId(target), r: '' },
        {
          helper: '襄阳市襄州区',
          visitedOn: '2023-03-10',
          meetingOn: '2023-03-12',
          reporter: '测试 17000000000',
        },
      ),
    allowed: savedRevision('m3', '2023'),
    denied: refusedUnchanged,
  },
  m3Pair: {
    fixture: 'base',
    run: (ctx, who, target) =>
      fillAndSubmit(
        ctx,
        who,
        '填报 互访 五峰',
        { op: 'save', l: 'm3', p: '2023', c: countyId(WUFENG), r: '' },
        { helper: target, visitedOn: '2023-03-10', meetingOn: '2023-03-12', reporter: '测试 17000000000' },
      ),
    allowed: (o) => savedRevision('m3', '2023')(o, WUFENG),
    denied: refusedUnchanged,
  },
  nudge: {
    fixture: 'seeded',
    run: ({ bot }, who, target) => say(bot, USER[who], `催报 ${target}`),
    allowed: async (o, target) => {
      expect(o.text.trim()).toMatch(new RegExp(`^已向${target}的1位联系人发送催报提醒：附件`));
      expect(o.changed).toEqual(['console_inbox', 'processed_events']);
      const county = demoUser('county', target);
      const inbox = await readInbox(mailboxOf(o.ctx.store), {
        kind: 'user',
        platform: 'console',
        userId: county,
      });
      expect(inbox.map((m) => (m.reply.kind === 'card' ? m.reply.card.subtitle : ''))).toContainEqual(
        expect.stringContaining(target),
      );
    },
    denied: (o, target) => {
      expect(o.text).not.toContain(
        prompt('nudge.sent', { county: target, count: 1, items: '' }).replace(/：。$/, ''),
      );
      expect(o.changed).toEqual([]);
    },
  },
  confirm: reviewAction('confirm'),
  return: reviewAction('return'),
  close: {
    fixture: 'seeded',
    run: ({ bot }, who, target) => say(bot, USER[who], `封账 ${target}`),
    allowed: (o) => {
      expect(o.text.trim()).toBe(prompt('review.closed', { period: '2023年第一季度' }));
      expect(o.changed).toEqual(['period_events']);
    },
    denied: (o) => {
      expect([prompt('problem.not_bureau'), UNKNOWN_SENDER]).toContain(o.text.trim());
      expect(o.changed).toEqual([]);
    },
  },
  reviewReopened: {
    fixture: 'closed',
    setup: async ({ bot }) => {
      const reopened = await say(bot, USER.bureau, `重新打开 竹山县 附件2 ${PERIOD}`);
      expect(responseText(reopened)).toContain('已重新打开');
      const card = formCard(await say(bot, USER.county, '填报 附件2'));
      if (!card) throw new Error('no form after reopening');
      const saved = await press(bot, USER.county, submitButton(card), filled(card, { fundsActual: '12' }));
      expect(saved.toast, responseText(saved)).toMatchObject({ tone: 'success' });
    },
    run: async ({ bot, store }, who, target) => {
      // The newest review card (revision 2), as the lead unit received it; forged for everyone else.
      const cards = (
        await readInbox(mailboxOf(store), { kind: 'user', platform: 'console', userId: USER.lead })
      )
        .flatMap((m) => (m.reply.kind === 'card' ? [m.reply.card] : []))
        .filter((c) => c.title.startsWith('请审核') && c.title.includes(target));
      const latest = cards[cards.length - 1];
      const button = latest?.blocks
        .flatMap((b) => (b.kind === 'form' ? b.buttons : []))
        .find((b) => b.action.what === 'confirm');
      if (button?.action.v !== '2') throw new Error('no review card for revision 2');
      return press(bot, USER[who], forged(button.action), { reason: '' });
    },
    allowed: (o) => {
      expect(o.response.toast, o.text).toMatchObject({ tone: 'success' });
      expect(o.changed).toEqual(['sheet_events']);
    },
    denied: refusedUnchanged,
  },
  reopen: {
    fixture: 'closed',
    run: ({ bot }, who, target) => say(bot, USER[who], `重新打开 ${target} 附件2 ${PERIOD}`),
    allowed: (o, target) => {
      expect(o.text.trim()).toBe(
        prompt('review.reopened', {
          county: target,
          period: '2023年第一季度',
          ledger: '省直单位定点帮扶工作情况台账',
        }),
      );
      expect(o.changed).toEqual(['sheet_events']);
    },
    denied: (o) => {
      expect([prompt('problem.not_bureau'), UNKNOWN_SENDER]).toContain(o.text.trim());
      expect(o.changed).toEqual([]);
    },
  },
  export: {
    fixture: 'seeded',
    run: async ({ file, url }, who) => {
      const out = `${file}.${who}.xlsx`;
      const result = await cliOn(
        url,
        'export',
        '--period',
        PERIOD,
        '--ledger',
        'a2',
        '--as',
        MOBILE[who],
        '--out',
        out,
      );
      const cells = existsSync(out) ? await workbookText(out) : '';
      rmSync(out, { force: true });
      return { replies: [{ kind: 'text', text: `exit ${result.code}\n${result.out}\n${cells}` }] };
    },
    allowed: (o, target) => {
      expect(o.text).toMatch(/^\s*exit 0\n/);
      const wanted = target.split('+');
      for (const county of Object.keys(FUNDS)) {
        if (wanted.includes(county)) expect(o.text, county).toContain(county);
        else expect(o.text, county).not.toContain(county);
      }
      expect(o.changed).toEqual([]);
    },
    denied: (o) => {
      expect(o.text).toMatch(/^\s*exit 1\n/);
      for (const county of Object.keys(FUNDS)) expect(o.text).not.toContain(county);
      expect(o.changed).toEqual([]);
    },
  },
  excel: {
    fixture: 'seeded',
    run: async (ctx, who, target) => {
      const path = await workbookOf(ctx, target);
      const result = await cliOn(ctx.url, 'import', path, '--as', MOBILE[who], '--period', PERIOD);
      rmSync(path, { force: true });
      return { replies: [{ kind: 'text', text: `exit ${result.code}\n${result.out}` }] };
    },
    allowed: async (o, target) => {
      expect(o.text).toMatch(/^\s*exit 0\n/);
      expect(o.changed).toEqual(['revisions']);
      const latest = await latestRevision(o.ctx, 'a2', target, PERIOD);
      expect(latest.revision).toBe(2);
      expect(latest.rows.map((r) => (JSON.parse(r.payload) as { fundsActual: number }).fundsActual)).toEqual([
        ((FUNDS[target] ?? 0) + 1) * 10_000,
      ]);
    },
    denied: (o) => {
      expect(o.text).toMatch(/^\s*exit 1\n/);
      expect(o.text).toContain(prompt('excel.refused'));
      expect(o.changed).toEqual([]);
    },
  },
  roster: {
    fixture: 'seeded',
    run: async ({ bot }, who, target) => {
      const asks = [
        `添加联系人 王五 13912345678 ${target}`,
        '删除联系人 17000000004',
        `把${target}的牵头单位改为省住建厅`,
        `${target} 不承接中央单位`,
        '导入名册',
        'roster import data/roster.csv',
        '修改名册：郧阳区,十堰市,no',
      ];
      const replies: Reply[] = [];
      for (const ask of asks) replies.push(...(await say(bot, USER[who], ask)).replies);
      return { replies };
    },
    allowed: () => {
      throw new Error('no chat command may change the roster');
    },
    denied: (o) => {
      expect(o.response.replies.length).toBeGreaterThan(0);
      expect(o.changed).toEqual([]);
    },
  },
};

function reviewAction(what: 'confirm' | 'return'): ActionSpec {
  return {
    fixture: 'seeded',
    run: async ({ bot, store }, who, target) => {
      // The card the person received, if any; otherwise the lead unit's card, forged for this county.
      const own = (
        await readInbox(mailboxOf(store), { kind: 'user', platform: 'console', userId: USER[who] })
      )
        .flatMap((m) => (m.reply.kind === 'card' ? [m.reply.card] : []))
        .find((c) => c.title.startsWith('请审核') && c.title.includes(target));
      const button = own
        ? own.blocks.flatMap((b) => (b.kind === 'form' ? b.buttons : [])).find((b) => b.action.what === what)
        : reviewButtons && forged({ ...reviewButtons[what].action, c: countyId(target) });
      if (!button) throw new Error('no review button');
      return press(bot, USER[who], button, { reason: what === 'return' ? '实际投入资金与凭证不符' : '' });
    },
    allowed: (o) => {
      expect(o.response.toast, o.text).toMatchObject({ tone: 'success' });
      expect(o.changed).toContain('sheet_events');
      expect(o.changed.filter((t) => t !== 'sheet_events' && t !== 'console_inbox')).toEqual([]);
    },
    denied: refusedUnchanged,
  };
}

// ---------------------------------------------------------------------------------------------------
describe('authorisation matrix: the chat path (and the CLI for export and Excel import)', () => {
  it('has a row for every role against every action', () => {
    expect(MATRIX.length).toBeGreaterThanOrEqual(80);
    const actions = new Set(MATRIX.map(([, action]) => action));
    expect([...actions].sort()).toEqual(Object.keys(ACTIONS).sort());
    for (const who of ['county', 'lead', 'city', 'central', 'provincial', 'helper', 'bureau', 'unknown'])
      expect(MATRIX.filter(([w]) => w === who).length, who).toBeGreaterThanOrEqual(10);
  });

  let index = 0;
  async function runRow(who: Who, action: Action, target: string, verdict: Verdict): Promise<void> {
    const spec = ACTIONS[action];
    const template = templates.get(spec.fixture);
    if (!template) throw new Error(`no fixture ${spec.fixture}`);
    index += 1;
    const copy = await copyDb(template, dir, `row-${index}`);
    try {
      await withStore(
        copy.url,
        async (ctx) => {
          await spec.setup?.(ctx);
          const before = await snapshot(ctx.store);
          const response = await spec.run(ctx, who, target);
          const changed = changedTables(before, await snapshot(ctx.store));
          const observed: Observed = { response, text: responseText(response), changed, ctx };
          if (who === 'unknown' && !CLI_ACTIONS.includes(action))
            expect(observed.text).toContain(UNKNOWN_SENDER);
          if (verdict === 'allow') await spec.allowed(observed, target);
          else await spec.denied(observed, target);
        },
        join(dir, `row-${index}`),
      );
    } finally {
      await copy.cleanup();
    }
  }

  const rows = MATRIX.map((row) => ({
    who: row[0],
    action: row[1],
    target: row[2],
    verdict: row[3],
    bug: row[4],
  }));
  it.each(
    rows.filter((r) => r.bug === undefined).map((r) => [r.who, r.action, r.target, r.verdict] as const),
  )('%s · %s · %s → %s', (who, action, target, verdict) => runRow(who, action, target, verdict));
  for (const r of rows.filter((x) => x.bug !== undefined)) {
    it.fails(`${r.who} · ${r.action} · ${r.target} → ${r.verdict} (${r.bug})`, () =>
      runRow(r.who, r.action, r.target, r.verdict));
  }
});

// ---------------------------------------------------------------------------------------------------
describe('roster changes: the command line is the only path', () => {
  function sourceFiles(path: string): string[] {
    return readdirSync(path).flatMap((name) => {
      const full = join(path, name);
      return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
    });
  }
  const callers = (pattern: RegExp) =>
    sourceFiles(root('src'))
      .filter((file) => pattern.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root('.'), file))
      .sort();

  it('only the CLI calls the roster import, and only the roster use case writes the roster', () => {
    const outsideCli = (files: string[]) => files.filter((f) => !f.startsWith('src/cli/'));
    expect(callers(/\bimportRosterCsv\(/).some((f) => f.startsWith('src/cli/'))).toBe(true);
    expect(outsideCli(callers(/\bimportRosterCsv\(/))).toEqual(['src/app/roster.ts']);
    expect(callers(/\bsaveRoster\(/)).toEqual(['src/app/roster.ts', 'src/store/roster-repo.ts']);
    // The demo seed writes only into an empty database, and only at start-up.
    expect(callers(/\bseedIfEmpty\(/).filter((f) => !f.startsWith('src/runtime/'))).toEqual([
      'src/app/roster.ts',
    ]);
  });

  it('the operator’s `roster import` changes the roster (and a refused file changes nothing)', async () => {
    const { url, cleanup } = await copyDb(templates.get('seeded') ?? '', dir, 'cli');
    cleanups.push(cleanup);
    const csv = join(dir, 'contacts.csv');
    const cli = (...argv: string[]) => cliOn(url, ...argv);
    const roster = () => withStore(url, ({ store }) => snapshot(store, ['units', 'relations', 'contacts']));
    const before = await roster();
    writeFileSync(csv, 'unit_kind,unit,name,mobile,platform\ncounty,竹山县,王五,13912345678,feishu\n');
    expect((await cli('roster', 'import', csv)).code).toBe(0);
    const after = await roster();
    expect(changedTables(before, after)).toEqual(['contacts']);
    writeFileSync(csv, 'unit_kind,unit,name,mobile,platform\ncounty,不存在县,王六,13912345679,feishu\n');
    expect((await cli('roster', 'import', csv)).code).toBe(1);
    expect(changedTables(after, await roster())).toEqual([]);
  });
});
