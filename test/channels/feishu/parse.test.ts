import { describe, expect, it } from 'vitest';
import { parseFeishuEvent, stripMentions } from '../../../src/channels/feishu/parse.ts';
import { cardActionSample, messageSample } from '../../support/feishu-sign.ts';

const BOT = 'ou_84aad35d084aa403a838cf73ee18467'; // the sample mentions this open_id

function withMessage(patch: Record<string, unknown>) {
  const sample = messageSample();
  return { ...sample, event: { ...sample.event, message: { ...sample.event.message, ...patch } } };
}

describe('parseFeishuEvent: im.message.receive_v1', () => {
  it('translates the official sample', () => {
    expect(parseFeishuEvent(messageSample(), { botOpenId: BOT })).toEqual({
      kind: 'message',
      eventId: '5e3702a84e847582be8db7fb73283c02',
      event: {
        kind: 'message',
        id: 'om_5ce6d572455d361153b7cb51da133945',
        sender: { platform: 'feishu', userId: 'ou_84aad35d084aa403a838cf73ee18467' },
        conversation: { id: 'oc_5ce6d572455d361153b7xx51da133945', kind: 'group', mentioned: true },
        text: 'hello',
      },
    });
  });

  it('tells whether the mention is the bot; any mention counts when the bot id is unknown', () => {
    const other = parseFeishuEvent(messageSample(), { botOpenId: 'ou_someone_else' });
    expect(other.kind === 'message' && other.event.conversation.mentioned).toBe(false);
    const unknown = parseFeishuEvent(messageSample());
    expect(unknown.kind === 'message' && unknown.event.conversation.mentioned).toBe(true);
    const none = parseFeishuEvent(withMessage({ mentions: undefined, content: '{"text":"hi"}' }));
    expect(none.kind === 'message' && none.event.conversation.mentioned).toBe(false);
  });

  it('maps p2p to direct', () => {
    const parsed = parseFeishuEvent(
      withMessage({ chat_type: 'p2p', mentions: [], content: '{"text":" 本月报表 "}' }),
    );
    expect(parsed).toMatchObject({
      kind: 'message',
      event: { conversation: { kind: 'direct' }, text: '本月报表' },
    });
  });

  it('strips every @_user_N placeholder, including ones that share a prefix', () => {
    const mentions = [{ key: '@_user_1' }, { key: '@_user_10' }];
    expect(stripMentions('@_user_1 查 @_user_10  进度', mentions)).toBe('查 进度');
    expect(stripMentions('  @_user_1  ', mentions)).toBe('');
  });

  it('ignores non-text messages and unknown event types', () => {
    expect(
      parseFeishuEvent(withMessage({ message_type: 'audio', content: '{"file_key":"aud","duration":1}' })),
    ).toMatchObject({
      kind: 'ignored',
      reason: 'not_text',
    });
    const sample = messageSample();
    const other = { ...sample, header: { ...sample.header, event_type: 'im.chat.member.bot.added_v1' } };
    expect(parseFeishuEvent(other)).toEqual({
      kind: 'ignored',
      eventType: 'im.chat.member.bot.added_v1',
      eventId: sample.header.event_id,
      reason: 'unhandled_event_type',
    });
    expect(parseFeishuEvent({ uuid: 'u-1', token: 't', event: { type: 'message' } })).toMatchObject({
      kind: 'ignored',
      eventId: 'u-1',
    });
  });

  it('calls malformed payloads invalid', () => {
    for (const bad of [
      null,
      'text',
      {},
      { schema: '2.0', header: { event_type: 'im.message.receive_v1' }, event: {} },
      withMessage({ message_id: 42 }),
      withMessage({ content: 'not json' }),
      withMessage({ content: '{"title":"no text field"}' }),
    ]) {
      expect(parseFeishuEvent(bad).kind).toBe('invalid');
    }
  });
});

describe('parseFeishuEvent: card.action.trigger', () => {
  it('translates the official sample, coercing the form to strings', () => {
    const parsed = parseFeishuEvent(cardActionSample());
    expect(parsed).toEqual({
      kind: 'card_action',
      eventId: 'f7984f25108f8137722bb63c*****',
      updateToken: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d******',
      event: {
        kind: 'card_action',
        id: 'f7984f25108f8137722bb63c*****',
        sender: { platform: 'feishu', userId: 'ou_3c14f3a59eaf2825dbe25359f15*****' },
        conversation: { id: 'oc_e4d2605ca917e695f54f11aaf56*****', kind: 'direct', mentioned: true },
        action: { key: 'value' },
        form: {
          'field name1': 'selectDemo1,selectDemo2',
          'field name2': 'value2',
          DatePicker_bpqdq5puvn4: '2024-04-01',
          DateTimePicker_ihz2d7a74i: '2024-04-29 07:07 +0800',
          Input_lf4fmxwfrd9: '1234',
          PersonSelect_2ejys7ype7m: 'ou_3c14f3a59eaf2825dbe25359f15*****',
          Select_a2d5b7l3zd: '1',
          TimePicker_7ecsf6xkqsq: '00:00 +0800',
        },
      },
    });
  });

  it('coerces non-string action values and tolerates a missing form', () => {
    const sample = cardActionSample();
    const action = { tag: 'button', value: { n: 3, ok: true, list: ['a', 'b'], none: null } };
    const parsed = parseFeishuEvent({ ...sample, event: { ...sample.event, action } });
    expect(parsed).toMatchObject({
      kind: 'card_action',
      event: { action: { n: '3', ok: 'true', list: 'a,b', none: '' }, form: {} },
    });
  });

  it('asks the caller for the chat kind when told how', () => {
    const parsed = parseFeishuEvent(cardActionSample(), { cardChatKind: () => 'group' });
    expect(parsed).toMatchObject({ event: { conversation: { kind: 'group' } } });
  });

  it('calls a card action without an operator invalid', () => {
    const sample = cardActionSample();
    const { operator: _operator, ...event } = sample.event;
    expect(parseFeishuEvent({ ...sample, event }).kind).toBe('invalid');
  });
});
