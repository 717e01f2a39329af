// Robot messages: oToMessages/batchSend to people (≤ 20 userIds a call, DD 批量发送人与机器人会话消息)
// and groupMessages/send to a group. Neither takes an idempotency key, so keys sent are remembered for
// an hour in this process; users DingTalk reports as flow-controlled are sent again after a pause.
import type { DingtalkApi } from './api.ts';
import { DingtalkApiError } from './errors.ts';
import type { RobotMessageBody } from './render.ts';
import type { RetryPolicy } from './retry.ts';

export const BATCH_SEND_PATH = '/v1.0/robot/oToMessages/batchSend';
export const GROUP_SEND_PATH = '/v1.0/robot/groupMessages/send';
export const MAX_USERS_PER_BATCH = 20;
const REMEMBER_MS = 3_600_000;
const REMEMBER_MAX = 10_000;

export interface SendToUsersResult {
  /** Staff ids DingTalk did not recognise. */
  invalid: string[];
  /** Staff ids still flow-controlled after every attempt. */
  throttled: string[];
  /** Each delivered person's processQueryKey (the batch's: what readStatus takes). */
  queryKeys: Record<string, string>;
}

interface RobotSenderOptions {
  api: DingtalkApi;
  robotCode: string;
  policy: RetryPolicy;
  now: () => Date;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function createRobotSender(options: RobotSenderOptions) {
  const { api, robotCode, policy, now } = options;
  const sent = new Map<string, number>();

  function seen(key: string): boolean {
    const at = sent.get(key);
    return at !== undefined && now().getTime() - at < REMEMBER_MS;
  }
  function remember(key: string): void {
    sent.set(key, now().getTime());
    // Maps keep insertion order: drop the oldest beyond the bound.
    for (const oldest of sent.keys()) {
      if (sent.size <= REMEMBER_MAX) break;
      sent.delete(oldest);
    }
  }

  /** One batch of ≤ 20, with flow-controlled users retried after DingTalk's one-second pause. */
  async function sendBatch(userIds: string[], message: RobotMessageBody): Promise<SendToUsersResult> {
    const invalid: string[] = [];
    const queryKeys: Record<string, string> = {};
    let pending = userIds;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const body = await api.call({
        method: 'POST',
        path: BATCH_SEND_PATH,
        body: { robotCode, userIds: pending, ...message },
      });
      const answer = (body ?? {}) as {
        invalidStaffIdList?: unknown;
        flowControlledStaffIdList?: unknown;
        processQueryKey?: unknown;
      };
      invalid.push(...stringList(answer.invalidStaffIdList));
      const throttled = stringList(answer.flowControlledStaffIdList).filter((id) => pending.includes(id));
      if (typeof answer.processQueryKey === 'string' && answer.processQueryKey) {
        for (const id of pending)
          if (!invalid.includes(id) && !throttled.includes(id)) queryKeys[id] = answer.processQueryKey;
      }
      if (throttled.length === 0 || attempt >= policy.maxAttempts) return { invalid, throttled, queryKeys };
      pending = throttled;
      await policy.sleep(policy.rateLimitDelayMs);
    }
    return { invalid, throttled: [], queryKeys };
  }

  async function sendToUsers(userIds: readonly string[], message: RobotMessageBody, key: string) {
    const result: SendToUsersResult = { invalid: [], throttled: [], queryKeys: {} };
    const todo = userIds.filter((id) => !seen(`${key}|user:${id}`));
    for (let i = 0; i < todo.length; i += MAX_USERS_PER_BATCH) {
      const chunk = todo.slice(i, i + MAX_USERS_PER_BATCH);
      const outcome = await sendBatch(chunk, message);
      result.invalid.push(...outcome.invalid);
      result.throttled.push(...outcome.throttled);
      Object.assign(result.queryKeys, outcome.queryKeys);
      for (const id of chunk) {
        if (!outcome.invalid.includes(id) && !outcome.throttled.includes(id)) remember(`${key}|user:${id}`);
      }
    }
    return result;
  }

  /** One person: not delivered (unknown or still throttled) is an error, so the caller may retry.
   *  Answers the message's processQueryKey (none when it had gone already within the hour). */
  async function sendToOne(userId: string, message: RobotMessageBody, key: string) {
    const { invalid, throttled, queryKeys } = await sendToUsers([userId], message, key);
    if (invalid.length === 0 && throttled.length === 0) return queryKeys[userId];
    const limited = throttled.length > 0;
    const reason = limited ? 'still flow-controlled' : 'invalid staff id';
    throw new DingtalkApiError(
      limited ? 'rate_limited' : 'api_error',
      `${BATCH_SEND_PATH}: ${reason} ${userId}`,
      {
        api: BATCH_SEND_PATH,
        attempts: limited ? policy.maxAttempts : 1,
      },
    );
  }

  async function sendToGroup(openConversationId: string, message: RobotMessageBody, key: string) {
    const memo = `${key}|chat:${openConversationId}`;
    if (seen(memo)) return;
    await api.call({
      method: 'POST',
      path: GROUP_SEND_PATH,
      body: { robotCode, openConversationId, ...message },
    });
    remember(memo);
  }

  return { sendToUsers, sendToOne, sendToGroup };
}
