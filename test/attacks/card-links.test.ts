// Finding 2: user text went into Feishu card markdown (and DingTalk markdown) unescaped: a
// 省直定点帮扶单位 of `[点此重新登录](https://evil.example/login)` became a clickable link in the review
// card the lead unit receives, a file named `[点此查看通知](https://…).pdf` a link in 情况 for the
// bureau, a return reason a link in the county's notice. Each is done here as the attacker would, and
// the cards the victims get are rendered for both platforms: the text is there, never a link.
import { afterEach, describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/bot/deps.ts';
import { readInbox } from '../../src/channels/console/inbox.ts';
import { renderCardMarkdown } from '../../src/channels/dingtalk/render-markdown.ts';
import { renderCard } from '../../src/channels/feishu/render.ts';
import type { Card } from '../../src/conversation/model.ts';
import { mailboxOf } from '../../src/store/mailbox-repo.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { BUREAU, buttonValue, type FeishuBot, startFeishuBot, YUNYANG } from '../documents/feishu-harness.ts';
import { buttonLabelled, cardOf, consoleBot, demoUser, inputsOf, press, say } from '../support/bot.ts';
import { storeEachTest } from '../support/demo-store.ts';

const LOGIN = '[点此重新登录](https://evil.example/login)';
const SHOWN_LOGIN = '［点此重新登录］（https：／／evil.example/login）';
const NOTICE_FILE = '[点此查看通知](https://evil.example/notice).pdf';
const SHOWN_FILE = '［点此查看通知］（https：／／evil.example/notice）.pdf';
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Every markdown string of a Feishu card. */
function feishuMarkdown(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) feishuMarkdown(n, out);
  else if (node && typeof node === 'object') {
    const element = node as Record<string, unknown>;
    if (element.tag === 'markdown' && typeof element.content === 'string') out.push(element.content);
    for (const value of Object.values(element)) feishuMarkdown(value, out);
  }
  return out;
}

/** A markdown link or image, or an address a renderer would link by itself. */
const LINKISH = /\]\(|\[[^\]]*\]\s*\(|https?:\/\//;

/** The card as each platform gets it: the text shown, and no link in it. */
function expectInert(card: Card, shown: string): void {
  const feishu = feishuMarkdown(renderCard(card).card.body).join('\n');
  const dingtalk = renderCardMarkdown(card).text;
  for (const markdown of [feishu, dingtalk]) {
    expect(markdown).toContain(shown);
    expect(markdown).not.toMatch(LINKISH);
  }
}

describe('links written into what a person types', () => {
  let store: OpenedStore;
  let bot: BotDeps;
  const now = new Date('2023-03-27T02:00:00Z');
  storeEachTest((s) => {
    store = s;
    bot = consoleBot(store, () => now);
  });
  const COUNTY = () => demoUser('county', '竹山县');
  const LEAD = () => demoUser('lead_unit', '省委宣传部');
  const inbox = async (userId: string) =>
    (await readInbox(mailboxOf(store), { kind: 'user', platform: 'console', userId })).map((m) =>
      cardOf(m.reply),
    );

  it('a 省直定点帮扶单位 link in 附件2 is text in the lead unit’s review card; a return reason in the county’s notice', async () => {
    const opened = cardOf((await say(bot, COUNTY(), '填报 附件2')).replies[0]);
    const values: Record<string, string> = {};
    for (const input of inputsOf(opened)) values[input.name] = input.value ?? '1';
    Object.assign(values, {
      provincialUnit: LOGIN,
      trainingActual: '5',
      trainTech: '1',
      trainLeaders: '1',
      trainFarming: '1',
      trainJobs: '1',
      trainOther: '1',
      fundsActual: '10',
    });
    expect((await press(bot, COUNTY(), buttonLabelled(opened, '提交'), values)).toast?.tone).toBe('success');

    const [review] = await inbox(LEAD());
    if (!review) throw new Error('the lead unit got no review card');
    expectInert(review, SHOWN_LOGIN);

    const returned = await press(bot, LEAD(), buttonLabelled(review, '退回'), { reason: LOGIN });
    expect(returned.toast?.tone).toBe('success');
    const [notice] = await inbox(COUNTY());
    if (!notice) throw new Error('the county got no notice');
    expectInert(notice, SHOWN_LOGIN);
  });
});

describe('a file named as a link, sent in Feishu', () => {
  let feishu: FeishuBot | undefined;
  afterEach(async () => {
    await feishu?.close();
    feishu = undefined;
  });

  it('is text in the county’s card and in 情况 for the bureau', async () => {
    feishu = await startFeishuBot(new Date('2023-03-28T02:00:00Z'));
    await feishu.file(YUNYANG, NOTICE_FILE, PDF);
    const [choice] = feishu.sentTo(YUNYANG);
    const received = feishuMarkdown(choice?.content).join('\n');
    expect(received).toContain(`《${SHOWN_FILE}》`);
    expect(received).not.toMatch(LINKISH);
    const filed = await feishu.press(YUNYANG, buttonValue(choice?.content, '联席会议方案'));
    expect(filed.toast).toMatchObject({ type: 'success' });

    await feishu.text(BUREAU, '郧阳 情况');
    const detail = feishuMarkdown(feishu.sentTo(BUREAU).at(-1)?.content).join('\n');
    expect(detail).toContain(`联席会议方案《${SHOWN_FILE}》`);
    expect(detail).not.toMatch(LINKISH);
  });
});
