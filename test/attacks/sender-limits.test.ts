// Finding 10: every message from an unknown sender cost a directory call (642 batch_get_id calls in
// one burst), and nothing limited guesses of 绑定 codes or of the console's password. Unknown senders
// are now remembered for minutes, and wrong guesses are counted per sender and per address.
import { afterEach, describe, expect, it } from 'vitest';
import { issueBindCode } from '../../src/store/contacts-repo.ts';
import { type FeishuBot, messageText, startFeishuBot } from '../documents/feishu-harness.ts';
import { demoMobile, type TempDb, tempDb } from '../support/demo-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const NOW = new Date('2023-03-28T02:00:00Z');
const STRANGER = 'ou_stranger_guessing';

let bot: FeishuBot | undefined;
let server: RunningServer | undefined;
let db: TempDb | undefined;
afterEach(async () => {
  await bot?.close();
  await server?.stop();
  await db?.cleanup();
  bot = undefined;
  server = undefined;
  db = undefined;
});

/** A Feishu bot whose roster has a contact not yet bound: strangers are looked up by mobile. */
async function botWithUnboundContact(): Promise<FeishuBot> {
  const started = await startFeishuBot(NOW);
  await started.store.db
    .updateTable('contacts')
    .set({ platform: null, platform_user_id: null })
    .where('mobile', '=', demoMobile('county', '房县'))
    .execute();
  return started;
}

describe('an unknown sender', () => {
  it('sending ten messages costs one directory call, not ten', async () => {
    bot = await botWithUnboundContact();
    for (let i = 0; i < 10; i++) await bot.text(STRANGER, '帮助');
    expect(bot.sentTo(STRANGER)).toHaveLength(10);
    expect(messageText(bot.sentTo(STRANGER).at(-1))).toContain('还没有登记');
    expect(bot.fake.batchGetIdCalls).toHaveLength(1);
  });

  it('guessing 绑定 codes is stopped after five wrong ones, the right code included, then told to wait', async () => {
    bot = await botWithUnboundContact();
    const contact = await bot.store.db
      .selectFrom('contacts')
      .select('id')
      .where('mobile', '=', demoMobile('county', '房县'))
      .executeTakeFirstOrThrow();
    await issueBindCode(bot.store, contact.id, 'RIGHT7', new Date(NOW.getTime() + 3_600_000));
    for (const guess of ['AAAAAA', 'BBBBBB', 'CCCCCC', 'DDDDDD']) await bot.text(STRANGER, `绑定 ${guess}`);
    expect(messageText(bot.sentTo(STRANGER).at(-1))).toContain('验证码无效或已过期');
    await bot.text(STRANGER, '绑定 EEEEEE');
    const limited = messageText(bot.sentTo(STRANGER).at(-1));
    expect(limited).toContain('验证码错误次数过多：每15分钟最多可试5次。请15分钟后再试');
    // The right code, guessed now, is not even tried: the account stays unbound.
    await bot.text(STRANGER, '绑定 RIGHT7');
    expect(messageText(bot.sentTo(STRANGER).at(-1))).toContain('验证码错误次数过多');
    const after = await bot.store.db
      .selectFrom('contacts')
      .select('platform_user_id')
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(after.platform_user_id).toBeNull();
  });
});

describe('guessing the console password over HTTP', () => {
  it('answers 429 in Chinese after ten wrong passwords from one address, the right one included', async () => {
    db = await tempDb();
    server = await startServer({ DATABASE_URL: db.url, CONSOLE_PASSWORD: 'correct-horse-9' });
    const as = (password: string) =>
      fetch(`${server?.base}/console`, {
        headers: { Authorization: `Basic ${btoa(`x:${password}`)}` },
      });
    expect((await as('correct-horse-9')).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await as(`guess-${i}`)).status).toBe(401);
    const tenth = await as('guess-9');
    expect(tenth.status).toBe(429);
    expect(await tenth.text()).toContain('密码错误次数过多：每15分钟最多可试10次。请15分钟后再试');
    expect(tenth.headers.get('retry-after')).toBe('900');
    const right = await as('correct-horse-9');
    expect(right.status).toBe(429);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  }, 60_000);
});
