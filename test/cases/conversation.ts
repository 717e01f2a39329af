// The conversations every platform and runtime must hold the same way: fill a form, ask who is left,
// get one batched reminder, keep names out of groups, bind by mobile or code, review a submission.
// Written once against `Harness` (harness.ts explains how to add a runtime); each platform's test
// file only names its harness factory.
import { afterEach, describe, expect, it } from 'vitest';
import { issueBindCode } from '../../src/store/contacts-repo.ts';
import {
  buttonLabelled,
  contactOf,
  type Harness,
  type HarnessFactory,
  lastOf,
  type PersonSpec,
  type Shown,
  unitId,
  valuesOf,
} from './harness.ts';

const NOW = new Date('2023-03-27T02:00:00Z');

const CLERK: PersonSpec = { unit: { kind: 'county', name: '竹山县' }, account: 'bound' };
const CITY: PersonSpec = { unit: { kind: 'city', name: '十堰市' }, account: 'bound' };
const LEAD_BY_MOBILE: PersonSpec = { unit: { kind: 'lead_unit', name: '省委宣传部' }, account: 'by-mobile' };
const LEAD_BOUND: PersonSpec = { unit: { kind: 'lead_unit', name: '省委宣传部' }, account: 'bound' };

/** 附件2 figures a county types in, on top of what the form offers. */
const A2_FIGURES = {
  fundsPlanned: '120',
  fundsActual: '35.5',
  trainingActual: '10',
  trainTech: '10',
  trainLeaders: '0',
  trainFarming: '0',
  trainJobs: '0',
  trainOther: '0',
};

async function revisionsOf(h: Harness, county: string) {
  return h.store.db
    .selectFrom('revisions')
    .select(['form', 'period', 'revision'])
    .where('county_id', '=', unitId({ kind: 'county', name: county }))
    .execute();
}

function submitOf(form: Shown) {
  const submit = form.buttons.find((b) => b.submitsForm);
  if (!submit) throw new Error(`no submit button on “${form.title}”`);
  return submit;
}

/** The form's values with every empty input given a 0, as a clerk with nothing to report types. */
function filled(form: Shown): Record<string, string> {
  return Object.fromEntries(Object.entries(valuesOf(form)).map(([k, v]) => [k, v === '' ? '0' : v]));
}

const allText = (items: readonly Shown[]) =>
  items.map((i) => [i.title, i.text, ...i.buttons.map((b) => b.label)].join('\n')).join('\n');

export function runConversationCases(name: string, start: HarnessFactory): void {
  describe(`${name}: conversations`, () => {
    let h: Harness | undefined;
    const open = async (people: Record<string, PersonSpec>) => {
      h = await start({ now: NOW, people });
      return h;
    };
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    /** The clerk asks for 附件2 one-to-one and submits it with `changes` over the card's values. */
    async function fillA2(h: Harness, changes: Record<string, string> = {}) {
      expect((await h.send('clerk', '填报 附件2')).status).toBe(200);
      const form = lastOf(await h.sent('clerk'), 'card');
      return { form, answer: await h.press('clerk', submitOf(form), { ...filled(form), ...changes }) };
    }

    it('fill a form: the form comes in chat, the submission is stored as one revision and the card shows it', async () => {
      const h = await open({ clerk: CLERK });
      const { form, answer } = await fillA2(h, A2_FIGURES);
      expect(form.title).toContain('省直单位定点帮扶工作情况台账');
      expect(form.inputs.find((i) => i.name === 'provincialUnit')?.value).toBe('省委宣传部');
      expect(answer.status).toBe(200);
      // Saved is not done: the toast and the card say whose confirmation the sheet now waits for.
      expect(answer.toast).toEqual({
        tone: 'success',
        text: '已保存（第1版），等待省委宣传部（省直牵头单位）确认',
      });
      expect(answer.card?.text).toContain('已保存，等待省委宣传部（省直牵头单位）确认。');
      expect(answer.card?.text).toContain('实际投入帮扶资金：35.50万元');
      // The answer itself replaced the card: no second (on DingTalk, paid) update through the Open API.
      expect(answer.updated).toBeUndefined();
      const stored = await revisionsOf(h, '竹山县');
      // One revision of the sheet: a row per provincial unit paired with the county.
      expect(stored.length).toBe(2);
      expect(stored.every((r) => r.form === 'a2' && r.period === '2023Q1' && r.revision === 1)).toBe(true);
    });

    it('answers bad figures with an error toast and the form again, and stores nothing', async () => {
      const h = await open({ clerk: CLERK });
      const { answer } = await fillA2(h, { ...A2_FIGURES, fundsActual: '-1' });
      expect(answer.toast?.tone).toBe('danger');
      expect(answer.card?.text).toContain('应为不小于0、最多4位小数的万元数');
      expect(answer.card?.buttons.some((b) => b.submitsForm)).toBe(true);
      expect(await revisionsOf(h, '竹山县')).toEqual([]);
    });

    it('status question: the lead unit, bound by its mobile on first contact, and the city see who is left in their scope', async () => {
      const h = await open({ clerk: CLERK, lead: LEAD_BY_MOBILE, city: CITY });
      await fillA2(h, A2_FIGURES);

      expect((await h.send('lead', '谁还没报 附件2')).status).toBe(200);
      const lead = await contactOf(h.store, { kind: 'lead_unit', name: '省委宣传部' });
      expect(await h.directoryLookups()).toContain(lead.mobile);
      expect(lastOf(await h.sent('lead')).text).toContain(
        '附件2 省直单位定点帮扶工作情况台账（截止2023-03-31）：已全部报送',
      );
      // Binding by mobile: the contact now carries the account, so the next message needs no lookup.
      const bound = await h.store.db
        .selectFrom('contacts')
        .select(['platform', 'platform_user_id'])
        .where('id', '=', lead.id)
        .executeTakeFirstOrThrow();
      expect(bound).toEqual({ platform: h.platform, platform_user_id: h.accountOf('lead') });
      const lookups = (await h.directoryLookups()).length;
      await h.send('lead', '进度');
      expect((await h.directoryLookups()).length).toBe(lookups);
      expect(lastOf(await h.sent('lead')).text).toContain(
        '附件2 省直单位定点帮扶工作情况台账：已报 1/1（100%），逾期报送 0',
      );

      await h.send('city', '谁还没报 附件2');
      const list = lastOf(await h.sent('city')).text;
      expect(list).toContain('未报7个——丹江口市、房县、茅箭区、郧西县、郧阳区、张湾区、竹溪县');
      expect(list).not.toContain('竹山县');
      expect(list).not.toContain('宜昌');
    });

    it('says what it understood: a relative period, a kept city, a deadline and a list by state', async () => {
      const h = await open({ clerk: CLERK, lead: LEAD_BOUND, city: CITY });
      // 上个季度 on 2023-03-27 is 2022Q4, and the answer says so on its first line.
      await h.send('lead', '上个季度谁没报');
      const last = lastOf(await h.sent('lead'));
      expect(last.title).toBe('2022年第四季度 未报名单');
      expect(last.text).toContain('2022年第四季度 · 全部台账 · 省委宣传部负责的县');
      // The city named is the scope; the period not named is the one now reported, said so.
      await h.send('city', '十堰 附件2 进度');
      expect(lastOf(await h.sent('city')).text).toContain(
        '2023年第一季度（当前报送期） · 附件2 省直定点帮扶 · 十堰市',
      );
      await h.send('clerk', '附件2还有几天截止');
      expect(lastOf(await h.sent('clerk')).text).toContain(
        '附件2 省直单位定点帮扶工作情况台账：2023-03-31截止（还有4天），本县未报',
      );
      await h.send('city', '退回的有哪些');
      const returned = lastOf(await h.sent('city'));
      expect(returned.title).toBe('2023年第一季度 退回修改名单');
      // No internal code anywhere the people read.
      const everything = [...(await h.sent('lead')), ...(await h.sent('city')), ...(await h.sent('clerk'))];
      expect(allText(everything)).not.toMatch(
        /(?<![A-Za-z0-9])(L[1-5]|M[1-3]|D[12]|R[1-9]|a[1-7])(?![A-Za-z0-9])/,
      );
    });

    it('asks when two readings are close, and a button answers as if typed', async () => {
      const h = await open({ lead: LEAD_BOUND });
      await h.send('lead', '竹山县附件3数据对不上 退回去');
      const asked = lastOf(await h.sent('lead'));
      expect(asked.title).toBe('您是要：');
      expect(asked.buttons.map((b) => b.label)).toEqual(['审核 附件3 竹山县', '附件3 竹山县 情况']);
      await h.press('lead', buttonLabelled(asked, '附件3 竹山县 情况'));
      expect(lastOf(await h.sent('lead')).title).toBe('竹山县 2023年第一季度 情况');
    });

    it('acts once on a message the platform delivers twice', async () => {
      const h = await open({ clerk: CLERK });
      expect((await h.send('clerk', '帮助', { times: 2 })).status).toBe(200);
      expect(await h.sent('clerk')).toHaveLength(1);
    });

    it('group restraint: counts in the group, the names only privately', async () => {
      const h = await open({ city: CITY });
      expect((await h.send('city', '谁还没报', { group: true })).status).toBe(200);
      const inGroup = await h.sent('city', { group: true });
      expect(inGroup.length).toBeGreaterThan(0);
      expect(allText(inGroup)).not.toContain('郧西县');
      expect(allText(await h.sent('city'))).toContain('郧西县');
    });

    it('group restraint: silent in a group unless @-mentioned', async () => {
      const h = await open({ city: CITY });
      expect((await h.send('city', '谁还没报', { group: true, mention: false })).status).toBe(200);
      expect(await h.sent('city', { group: true })).toEqual([]);
      expect(await h.sent('city')).toEqual([]);
    });

    it('politely refuses a stranger and says whom to ask', async () => {
      const h = await open({ stranger: { stranger: true } });
      await h.send('stranger', '谁还没报');
      expect(lastOf(await h.sent('stranger')).text).toContain('请联系省乡村振兴局帮扶处登记手机号');
      expect(
        await h.store.db.selectFrom('contacts').select('id').where('platform', '=', h.platform).execute(),
      ).toEqual([]);
    });

    it('binds a newcomer with the one-time code the bureau issued', async () => {
      const newcomer: PersonSpec = { unit: { kind: 'county', name: '房县' }, account: 'unbound' };
      const h = await open({ newcomer });
      const contact = await contactOf(h.store, { kind: 'county', name: '房县' });
      await issueBindCode(h.store, contact.id, 'FX2023', new Date(NOW.getTime() + 3_600_000));
      await h.send('newcomer', '绑定 FX2023');
      expect(lastOf(await h.sent('newcomer')).text).toContain('绑定成功');
      const row = await h.store.db
        .selectFrom('contacts')
        .select(['unit_id', 'platform', 'platform_user_id'])
        .where('id', '=', contact.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        unit_id: unitId({ kind: 'county', name: '房县' }),
        platform: h.platform,
        platform_user_id: h.accountOf('newcomer'),
      });
      // From now on the newcomer is the county's clerk.
      await h.send('newcomer', '填报 附件2');
      expect(lastOf(await h.sent('newcomer')).title).toContain('省直单位定点帮扶工作情况台账');
    });

    it('reminder: each county gets one batched card a morning, and what it reports drops out of the next', async () => {
      const people: Record<string, PersonSpec> = { clerk: CLERK };
      for (const [i, county] of ['房县', '郧西县', '竹溪县'].entries())
        people[`county${i}`] = { unit: { kind: 'county', name: county }, account: 'bound' };
      const h = await open(people);
      const who = Object.keys(people);

      const first = await h.sweep(new Date('2023-03-24T09:05:00+08:00'));
      expect(first.failed).toBe(0);
      for (const person of who) {
        const cards = await h.sent(person);
        expect(cards.map((c) => c.title)).toEqual(['报送提醒']);
        expect(cards[0]?.text).toContain(
          '附件2 省直单位定点帮扶工作情况台账（2023年第一季度），截止2023-03-31，还有7天',
        );
        expect(cards[0]?.buttons.map((b) => b.label)).toContain('填报 附件2 省直定点帮扶');
      }
      // Everything a county owes comes in one message: one Open API call per recipient, one token.
      const calls = await h.apiCalls();
      expect(calls.token).toBe(1);
      expect(calls.total - calls.token).toBe(who.length);
      // A second sweep the same morning sends nothing more.
      await h.sweep(new Date('2023-03-24T09:35:00+08:00'));
      expect((await h.apiCalls()).total).toBe(calls.total);

      // The clerk opens 附件2 from the reminder and reports it.
      const reminder = lastOf(await h.sent('clerk'));
      const opened = await h.press('clerk', buttonLabelled(reminder, '填报 附件2'));
      const form = opened.card ?? lastOf(await h.sent('clerk'));
      const saved = await h.press('clerk', submitOf(form), { ...filled(form), ...A2_FIGURES });
      expect(saved.toast?.tone).toBe('success');

      await h.sweep(new Date('2023-03-28T09:05:00+08:00'));
      const next = lastOf(await h.sent('clerk'));
      expect(await h.sent('clerk')).toHaveLength(2);
      expect(next.text).not.toContain('附件2 省直单位定点帮扶工作情况台账（2023年第一季度）');
      expect(next.text).toContain('附件1 中央单位驻鄂定点帮扶工作情况台账（2023年第一季度）');
      expect(next.buttons.map((b) => b.label)).not.toContain('填报 附件2 省直定点帮扶');
      // The counties that reported nothing still owe 附件2.
      expect(lastOf(await h.sent('county0')).text).toContain(
        '附件2 省直单位定点帮扶工作情况台账（2023年第一季度）',
      );
    });

    it('review: return with a reason, correct, and confirm — each step reaches the right person', async () => {
      const h = await open({ clerk: CLERK, lead: LEAD_BOUND });
      await fillA2(h, { ...A2_FIGURES, fundsActual: '10' });
      const review = lastOf(await h.sent('lead'), 'card');
      expect(review.title).toBe('请审核：竹山县 2023年第一季度 省直单位定点帮扶工作情况台账');
      expect(review.text).toContain('这是第一版');

      // Returning needs a reason.
      const noReason = await h.press('lead', buttonLabelled(review, '退回'), {
        ...valuesOf(review),
        reason: ' ',
      });
      expect(noReason.toast).toEqual({ tone: 'danger', text: '退回须填写原因' });
      const returned = await h.press('lead', buttonLabelled(review, '退回'), {
        ...valuesOf(review),
        reason: '实际投入资金与拨付凭证不符',
      });
      expect(returned.card?.title).toContain('已退回');
      const notice = lastOf(await h.sent('clerk'), 'card');
      expect(notice.text).toContain('原因：实际投入资金与拨付凭证不符');
      await h.send('lead', '谁还没报 附件2');
      expect(lastOf(await h.sent('lead')).text).toContain('竹山县（退回修改）');

      // The county corrects from the notice; the lead unit gets the new revision with the change.
      const opened = await h.press('clerk', buttonLabelled(notice, '打开表单修改'));
      const form = opened.card ?? lastOf(await h.sent('clerk'), 'card');
      const corrected = await h.press('clerk', submitOf(form), { ...valuesOf(form), fundsActual: '12' });
      expect(corrected.toast?.tone).toBe('success');
      const reviews = (await h.sent('lead')).filter((c) => c.title.startsWith('请审核'));
      expect(reviews).toHaveLength(2);
      const second = reviews[1] as Shown;
      expect(second.text).toContain('实际投入帮扶资金：10.00万元 → 12.00万元');

      // The stale first card can no longer decide anything; the new one is confirmed.
      const stale = await h.press('lead', buttonLabelled(review, '确认'), {
        ...valuesOf(review),
        reason: '',
      });
      expect(stale.toast?.text).toContain('已提交第2版');
      const confirmed = await h.press('lead', buttonLabelled(second, '确认'), {
        ...valuesOf(second),
        reason: '',
      });
      expect(confirmed.toast?.text).toBe('已确认');
      const events = await h.store.db
        .selectFrom('sheet_events')
        .select(['action', 'revision'])
        .where('county_id', '=', 'county:竹山县')
        .orderBy('revision')
        .execute();
      expect(events).toEqual([
        { action: 'return', revision: 1 },
        { action: 'confirm', revision: 2 },
      ]);
    });
  });
}
