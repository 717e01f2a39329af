// Builds requests exactly as DingTalk sends them: the enterprise robot's headers `timestamp` (ms) and
// `sign` = base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret)) (DD 接收消息), the robot
// message sample from the official docs, and a card callback as the card examples read it. Written
// independently of src/.
import { createHmac } from 'node:crypto';

export function signDingtalk(timestampMs: number | string, appSecret: string): string {
  const timestamp = String(timestampMs);
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export function signedHeaders(timestampMs: number, appSecret: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    timestamp: String(timestampMs),
    sign: signDingtalk(timestampMs, appSecret),
  };
}

let tick = 0;
/**
 * Headers for one request, as DingTalk signs each one: at its own millisecond (a step past `nowMs` per
 * request). The app refuses a (timestamp, sign) pair it has seen with another message: a replay.
 */
export function requestHeaders(nowMs: number, appSecret: string): Record<string, string> {
  tick = (tick + 1) % 600_000;
  return signedHeaders(nowMs - tick, appSecret);
}

/** The robot message sample of DD 接收消息 (a group message that @s the robot), verbatim. */
export function robotMessageSample() {
  return {
    conversationId: 'xxx',
    atUsers: [{ dingtalkId: 'xxx', staffId: 'xxx' }],
    chatbotCorpId: 'dinge8a565xxxx',
    chatbotUserId: '$:LWCP_v1:$Cxxxxx',
    msgId: 'msg0xxxxx',
    senderNick: '杨xx',
    isAdmin: true,
    senderStaffId: 'user123',
    sessionWebhookExpiredTime: 1613635652738,
    createAt: 1613630252678,
    senderCorpId: 'dinge8a565xxxx',
    conversationType: '2',
    senderId: '$:LWCP_v1:$Ff09GIxxxxx',
    conversationTitle: '机器人测试-TEST',
    isInAtList: true,
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx',
    text: { content: ' 你好' },
    msgtype: 'text',
  };
}

/** A one-to-one text message from `staffId`, shaped like the sample. */
export function directMessage(staffId: string, text: string, msgId: string) {
  const sample = robotMessageSample();
  return {
    ...sample,
    msgId,
    senderStaffId: staffId,
    conversationType: '1',
    conversationId: `cid_p2p_${staffId}`,
    conversationTitle: undefined,
    isInAtList: undefined,
    atUsers: [],
    text: { content: text },
  };
}

/** A card callback as the official examples read it: `content` is a JSON string holding
 *  cardPrivateData {actionIds, params}. */
export function cardCallback(options: {
  outTrackId: string;
  userId: string;
  params: Record<string, unknown>;
  spaceType?: string;
  spaceId?: string;
}) {
  return {
    extension: '{}',
    corpId: 'dinge8a565xxxx',
    spaceType: options.spaceType ?? 'IM_ROBOT',
    userIdType: 1,
    type: 'actionCallback',
    userId: options.userId,
    content: JSON.stringify({ cardPrivateData: { actionIds: ['submit'], params: options.params } }),
    spaceId: options.spaceId ?? `dtv1.card//IM_ROBOT.${options.userId}`,
    outTrackId: options.outTrackId,
    value: '',
  };
}
