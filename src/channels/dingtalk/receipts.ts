// DingTalk receipts: who read a robot's one-to-one message (GET robot/oToMessages/readStatus by the
// processQueryKey batchSend answered; one key covers the up to 20 people of a batch, so one call reads
// them all) and DING (POST robot/ding/send, in-app: remindType 1). Interactive cards answer no
// processQueryKey and have no read status. A refusal (permission not granted, DING not in the edition,
// DING quota spent) is thrown as `Refused` with what to grant (DD 批量查询人与机器人会话机器人消息是否已读,
// DD 发送DING消息: 企业机器人发送撤回DING消息 Premium.Ding.Write, errors ding.serverquota.insufficient).
import { Refused } from '../../conversation/receipts.ts';
import type { ChannelMetrics } from '../metrics.ts';
import type { DingtalkApi } from './api.ts';
import { DingtalkApiError } from './errors.ts';

export const READ_STATUS_PATH = '/v1.0/robot/oToMessages/readStatus';
export const DING_SEND_PATH = '/v1.0/robot/ding/send';
/** The permissions as the developer console names them. */
export const READ_PERMISSION = 'qyapi_robot_sendmsg（企业内机器人发送消息权限）';
export const DING_PERMISSION = 'Premium.Ding.Write（企业机器人发送撤回DING消息）';
const DING_QUOTA_CODES: ReadonlySet<string> = new Set(['ding.serverquota.insufficient']);
const IN_APP_DING = 1;
/** How long read status is asked for: DingTalk states no window; a week, as on Feishu. */
const READABLE_FOR_DAYS = 7;

export function createDingtalkReceipts(api: DingtalkApi, robotCode: string, metrics?: ChannelMetrics) {
  function refusal(error: unknown, which: 'read_status' | 'urge'): unknown {
    if (!(error instanceof DingtalkApiError)) return error;
    const code = error.details.code ?? '';
    const grant = which === 'urge' ? DING_PERMISSION : READ_PERMISSION;
    if (error.kind === 'quota_exceeded' || DING_QUOTA_CODES.has(code))
      return new Refused(
        'dingtalk',
        which,
        which === 'urge' ? 'DING额度' : 'API调用量',
        'quota',
        error.message,
      );
    if (code.startsWith('Forbidden.AccessDenied') || error.details.status === 403)
      return new Refused('dingtalk', which, grant, 'permission', error.message);
    return error;
  }

  return {
    urgesMessage: false,
    readableForDays: READABLE_FOR_DAYS,

    async readers(processQueryKey: string): Promise<string[]> {
      metrics?.count('receipt_calls', { platform: 'dingtalk', api: 'read_status' });
      let body: unknown;
      try {
        body = await api.call({
          method: 'GET',
          path: READ_STATUS_PATH,
          body: undefined,
          query: { robotCode, processQueryKey },
        });
      } catch (error) {
        throw refusal(error, 'read_status');
      }
      const list = (body as { messageReadInfoList?: unknown } | null)?.messageReadInfoList;
      return (Array.isArray(list) ? list : []).flatMap((entry) => {
        const { userId, readStatus } = (entry ?? {}) as { userId?: unknown; readStatus?: unknown };
        return typeof userId === 'string' && String(readStatus).toUpperCase() === 'READ' ? [userId] : [];
      });
    },

    async urge(to: { userId: string }, text: string): Promise<void> {
      metrics?.count('receipt_calls', { platform: 'dingtalk', api: 'urge' });
      let body: unknown;
      try {
        body = await api.call({
          method: 'POST',
          path: DING_SEND_PATH,
          body: { robotCode, remindType: IN_APP_DING, receiverUserIdList: [to.userId], content: text },
        });
      } catch (error) {
        throw refusal(error, 'urge');
      }
      // failedList: {reason: [userIds]} — a person DingTalk would not DING is a failure to see.
      const failed = (body as { failedList?: unknown } | null)?.failedList;
      if (failed && typeof failed === 'object') {
        for (const [reason, ids] of Object.entries(failed)) {
          if (Array.isArray(ids) && ids.includes(to.userId)) throw new Error(`${DING_SEND_PATH}: ${reason}`);
        }
      }
    },
  };
}
