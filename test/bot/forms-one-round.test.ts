// A form is checked whole: an empty required field, a value that does not parse and a rule broken by
// the other figures are all named in the same answer, each in the bot's words beside its field — and a
// rule that reads a field in error is not claimed broken on a guess.
import { describe, expect, it } from 'vitest';
import { submitSheet } from '../../src/app/submit.ts';
import type { BotDeps } from '../../src/bot/deps.ts';
import type { Card } from '../../src/conversation/model.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { buttonLabelled, cardOf, consoleBot, demoUser, inputsOf, press, say } from '../support/bot.ts';
import { demoMobile, revisionCount, storeEachTest } from '../support/demo-store.ts';

let store: OpenedStore;
let bot: BotDeps;
storeEachTest((s) => {
  store = s;
  bot = consoleBot(store, () => new Date('2023-03-27T02:00:00Z'));
});

const ZHUSHAN = () => demoUser('county', '竹山县');

/** Every input of the 附件2 form filled consistently, then `changes` applied. */
async function submitA2(changes: Record<string, string>) {
  const card = cardOf((await say(bot, ZHUSHAN(), '填报 附件2')).replies[0]);
  const values: Record<string, string> = {};
  for (const input of inputsOf(card)) values[input.name] = input.value ?? '1';
  Object.assign(
    values,
    {
      trainingActual: '5',
      trainTech: '1',
      trainLeaders: '1',
      trainFarming: '1',
      trainJobs: '1',
      trainOther: '1',
    },
    changes,
  );
  return press(bot, ZHUSHAN(), buttonLabelled(card, '提交'), values);
}

const errorOf = (card: Card | undefined, name: string) =>
  card ? inputsOf(card).find((i) => i.name === name)?.error : undefined;

describe('a form checked in one round', () => {
  it('names an empty required field, a bad value and a broken rule together, each beside its field', async () => {
    const answer = await submitA2({ fundsActual: '', projects: '三个', trainingActual: '9' });
    expect(answer.toast).toEqual({ tone: 'danger', text: '有3处需要修改，已在表单中标出' });
    expect(errorOf(answer.update, 'fundsActual')).toBe('实际投入帮扶资金：必填');
    expect(errorOf(answer.update, 'projects')).toMatch(/^实施帮扶项目/);
    expect(errorOf(answer.update, 'trainingActual')).toContain('与');
    expect(errorOf(answer.update, 'trainingActual')).toContain('之和5人次不一致');
    // What was typed is kept, so nothing has to be entered twice.
    expect(inputsOf(answer.update as Card).find((i) => i.name === 'projects')?.value).toBe('三个');
    expect(await revisionCount(store)).toBe(0);
  });

  it('does not claim a breakdown broken when one of its parts could not be read', async () => {
    const answer = await submitA2({ trainTech: 'x', trainingActual: '5' });
    expect(answer.toast?.text).toBe('有1处需要修改，已在表单中标出');
    expect(errorOf(answer.update, 'trainTech')).toBeTruthy();
    expect(errorOf(answer.update, 'trainingActual')).toBeUndefined();
  });

  it('gives the CLI and Excel the same: field problems and the rule errors beside them', async () => {
    const outcome = await submitSheet(
      store,
      {
        as: demoMobile('county', '竹山县'),
        ledger: 'a2',
        period: '2023Q1',
        body: {
          reporter: '陈 170',
          rows: [
            {
              实际投入帮扶资金: '',
              实际开展各类培训: '9',
              专业技术人员: '1',
              农村致富带头人: '1',
              农业实用技术: '1',
              劳务就业培训: '1',
              其他: '1',
            },
          ],
        },
      },
      'cli',
      new Date('2023-03-27T02:00:00Z'),
    );
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.problems.map((p) => p.field)).toContain('fundsActual');
    expect(outcome.findings.map((f) => [f.rule, f.field])).toEqual([['R5', 'trainingActual']]);
  });
});
