// Feishu receipts: who read a bot message (GET im/v1/messages/:id/read_users, messages the bot sent
// in the last 7 days, one message a call, paged) and 加急 in the app (PATCH …/urgent_app) of a message
// the bot sent. A refusal for a missing scope or a spent quota is thrown as `Refused` with the scope
// to grant (FD 查询消息已读信息, FD 发送应用内加急; codes from FD 通用错误码 and the 加急 page).
import { Refused } from '../../conversation/receipts.ts';
import type { ChannelMetrics } from '../metrics.ts';
import { FeishuApiError } from './errors.ts';
import type { OpenApi } from './open-api.ts';
import { type RetryPolicy, withRetry } from './retry.ts';

export const READ_USERS_PATH = (messageId: string) =>
  `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/read_users`;
export const URGENT_APP_PATH = (messageId: string) =>
  `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/urgent_app`;

/** The scopes to grant, as the developer console names them (any one of the read scopes will do). */
export const READ_SCOPE = 'im:message:readonly';
export const URGENT_SCOPE = 'im:message.urgent';
/** "Access denied, one of these scopes is required" and the message API's "no permission". */
const PERMISSION_CODES: ReadonlySet<number> = new Set([99991672, 99991679, 230027]);
/** The urged person's unread 加急 are capped (200); past it Feishu refuses more. */
const QUOTA_CODES: ReadonlySet<number> = new Set([230024]);
const PAGES = 10;

export function createFeishuReceipts(api: OpenApi, policy: RetryPolicy, metrics?: ChannelMetrics) {
  function refusal(error: unknown, which: 'read_status' | 'urge'): unknown {
    if (!(error instanceof FeishuApiError) || error.details.code === undefined) return error;
    const grant = which === 'urge' ? URGENT_SCOPE : READ_SCOPE;
    if (PERMISSION_CODES.has(error.details.code))
      return new Refused('feishu', which, grant, 'permission', error.message);
    if (which === 'urge' && QUOTA_CODES.has(error.details.code))
      return new Refused('feishu', which, '加急额度', 'quota', error.message);
    return error;
  }

  return {
    urgesMessage: true,
    readableForDays: 7,

    async readers(messageId: string): Promise<string[]> {
      const readers: string[] = [];
      let pageToken = '';
      for (let page = 0; page < PAGES; page++) {
        metrics?.count('receipt_calls', { platform: 'feishu', api: 'read_status' });
        const params: Record<string, string> = { user_id_type: 'open_id', page_size: '100' };
        if (pageToken) params.page_token = pageToken;
        let body: unknown;
        try {
          body = await withRetry('im.message.read_users', policy, () =>
            api.get(READ_USERS_PATH(messageId), params),
          );
        } catch (error) {
          throw refusal(error, 'read_status');
        }
        const data = (body as { data?: { items?: unknown; has_more?: unknown; page_token?: unknown } })?.data;
        for (const item of Array.isArray(data?.items) ? data.items : []) {
          const id = (item as { user_id?: unknown } | null)?.user_id;
          if (typeof id === 'string' && id) readers.push(id);
        }
        if (data?.has_more !== true || typeof data.page_token !== 'string') break;
        pageToken = data.page_token;
      }
      return readers;
    },

    async urge(to: { userId: string; messageId?: string }): Promise<void> {
      if (!to.messageId) throw new Error('feishu urgent_app needs a message of the bot to urge');
      const messageId = to.messageId;
      metrics?.count('receipt_calls', { platform: 'feishu', api: 'urge' });
      try {
        await withRetry('im.message.urgent_app', policy, () =>
          api.patch(URGENT_APP_PATH(messageId), { user_id_list: [to.userId] }, { user_id_type: 'open_id' }),
        );
      } catch (error) {
        throw refusal(error, 'urge');
      }
    },
  };
}
