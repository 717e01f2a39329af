import { describe, expect, it } from 'vitest';
import { parseCardCallback, parseRobotMessage } from '../../../src/channels/dingtalk/parse.ts';
import { cardCallback, directMessage, robotMessageSample } from '../../support/dingtalk-sign.ts';

describe('parseRobotMessage', () => {
  it('maps the documented group sample (@robot) to a neutral message, text trimmed', () => {
    expect(parseRobotMessage(robotMessageSample())).toEqual({
      kind: 'message',
      event: {
        kind: 'message',
        id: 'msg0xxxxx',
        sender: { platform: 'dingtalk', userId: 'user123', name: '杨xx' },
        conversation: { id: 'xxx', kind: 'group', mentioned: true },
        text: '你好',
      },
    });
  });

  it('treats a one-to-one message as mentioned, and keeps an explicit "not @" in a group', () => {
    const direct = parseRobotMessage(directMessage('staff_1', ' 填报 附件2 ', 'm1'));
    expect(direct).toMatchObject({
      event: { conversation: { kind: 'direct', mentioned: true }, text: '填报 附件2' },
    });
    const notAt = parseRobotMessage({ ...robotMessageSample(), isInAtList: false });
    expect(notAt).toMatchObject({ event: { conversation: { kind: 'group', mentioned: false } } });
  });

  it('ignores other message types, over-quota messages without text, and outside senders', () => {
    expect(parseRobotMessage({ ...robotMessageSample(), msgtype: 'picture' })).toMatchObject({
      kind: 'ignored',
      reason: 'not_text',
      msgId: 'msg0xxxxx',
    });
    const { text: _text, ...noText } = robotMessageSample();
    expect(parseRobotMessage({ ...noText, errorMessage: { code: 20001 } })).toMatchObject({
      kind: 'ignored',
      reason: 'no_content',
    });
    expect(parseRobotMessage({ ...robotMessageSample(), senderStaffId: '' })).toMatchObject({
      kind: 'ignored',
      reason: 'external_sender',
    });
  });

  it('calls malformed payloads invalid', () => {
    expect(parseRobotMessage(null).kind).toBe('invalid');
    expect(parseRobotMessage({ ...robotMessageSample(), msgId: '' }).kind).toBe('invalid');
    expect(parseRobotMessage({ ...robotMessageSample(), conversationType: '3' }).kind).toBe('invalid');
    expect(parseRobotMessage({ ...robotMessageSample(), text: { content: 42 } }).kind).toBe('invalid');
  });
});

describe('parseCardCallback', () => {
  const action = { op: 'save', l: 'a2', p: '2023Q1', c: 'county:竹山县', r: '' };

  it('reads the button action and the form values (strings) from cardPrivateData.params', () => {
    const result = parseCardCallback(
      cardCallback({
        outTrackId: 'bf_1',
        userId: 'staff_zs',
        params: {
          action: JSON.stringify(action),
          form: {
            fundsActual: '35.5',
            trainTech: 10,
            kind: { index: 1, value: '产业帮扶' },
            tags: ['a', 'b'],
          },
        },
      }),
    );
    expect(result).toMatchObject({
      kind: 'card_action',
      outTrackId: 'bf_1',
      event: {
        kind: 'card_action',
        sender: { platform: 'dingtalk', userId: 'staff_zs' },
        conversation: { kind: 'direct', mentioned: true },
        action,
        form: { fundsActual: '35.5', trainTech: '10', kind: '产业帮扶', tags: 'a,b' },
      },
    });
  });

  it('takes the action from the chosen option when a form had several submit buttons', () => {
    const confirm = { op: 'review', what: 'confirm', l: 'a2', p: '2023Q1', c: 'county:竹山县', v: '1' };
    const result = parseCardCallback(
      cardCallback({
        outTrackId: 'bf_2',
        userId: 'staff_lead',
        params: { form: { reason: '', __action: { index: 0, value: JSON.stringify(confirm) } } },
      }),
    );
    expect(result).toMatchObject({ event: { action: confirm, form: { reason: '' } } });
    if (result.kind === 'card_action') expect(result.event.form).not.toHaveProperty('__action');
  });

  it('gives the same de-duplication key to the same delivery and a different one to another press', () => {
    const one = cardCallback({ outTrackId: 'bf_3', userId: 'u', params: { action: JSON.stringify(action) } });
    const a = parseCardCallback(one);
    const b = parseCardCallback(structuredClone(one));
    const c = parseCardCallback({ ...one, outTrackId: 'bf_4' });
    if (a.kind !== 'card_action' || b.kind !== 'card_action' || c.kind !== 'card_action') throw new Error();
    expect(a.dedupKey).toBe(b.dedupKey);
    expect(a.dedupKey).not.toBe(c.dedupKey);
  });

  it('places a group card in its group', () => {
    const result = parseCardCallback(
      cardCallback({
        outTrackId: 'bf_5',
        userId: 'u',
        spaceType: 'IM_GROUP',
        spaceId: 'cidGroup==',
        params: { action: JSON.stringify({ op: 'say', text: '谁还没报' }) },
      }),
    );
    expect(result).toMatchObject({ event: { conversation: { id: 'cidGroup==', kind: 'group' } } });
  });

  it('calls malformed callbacks invalid', () => {
    const good = cardCallback({ outTrackId: 'bf', userId: 'u', params: { action: JSON.stringify(action) } });
    expect(parseCardCallback({ ...good, content: 'not json' }).kind).toBe('invalid');
    expect(parseCardCallback({ ...good, content: '{"nothing":1}' }).kind).toBe('invalid');
    expect(parseCardCallback({ ...good, outTrackId: undefined }).kind).toBe('invalid');
    expect(parseCardCallback({ ...good, userIdType: 2 }).kind).toBe('invalid');
    const noAction = cardCallback({ outTrackId: 'bf', userId: 'u', params: { form: { a: '1' } } });
    expect(parseCardCallback(noAction).kind).toBe('invalid');
    const badAction = cardCallback({ outTrackId: 'bf', userId: 'u', params: { action: '{oops' } });
    expect(parseCardCallback(badAction).kind).toBe('invalid');
  });
});
