// The outbound side over the Open API: the neutral Messenger and Directory, plus the delayed card update.
// Its own token handling (open-api.ts, not the SDK's lark.Client, which the serving process no longer
// loads), retry and pacing: the SDK retried neither 429 nor the rate-limit codes anyway.
import { createHash } from 'node:crypto';
import type { Card, Directory, FileSource, Messenger, Recipient, Reply } from '../../conversation/model.ts';
import type { Receipts } from '../../conversation/receipts.ts';
import { fetchTransport, type JsonTransport } from '../json-transport.ts';
import { type ChannelLogger, silentLogger } from '../logger.ts';
import type { ChannelMetrics } from '../metrics.ts';
import { downloadResource, type FileApi, fileKeyOf, uploadFile } from './files.ts';
import { createOpenApi } from './open-api.ts';
import { createPacer } from './pacer.ts';
import { createFeishuReceipts } from './receipts.ts';
import { type RenderOptions, renderCard, renderMessage } from './render.ts';
import { DEFAULT_RETRY, withRetry } from './retry.ts';

export interface FeishuClientOptions {
  appId: string;
  appSecret: string;
  /** Defaults to https://open.feishu.cn; tests point it at a local fake. */
  domain?: string;
  logger?: ChannelLogger;
  /** Counts retries and rate limits for /metrics. */
  metrics?: ChannelMetrics;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Sends per second to one user or chat (Feishu: 5) and per app (Feishu: 50). */
  perTargetPerSecond?: number;
  perAppPerSecond?: number;
  /** Sends per minute per app (Feishu: 1,000). */
  perAppPerMinute?: number;
  render?: RenderOptions;
  /** For file upload and download, and the Open API calls unless `transport` is given (default: the
   *  global fetch). */
  fetch?: typeof fetch;
  /** The Open API's JSON calls (default: through `fetch`). */
  transport?: JsonTransport;
  /** For one Open API call (default 10 s). */
  timeoutMs?: number;
}

export interface FeishuClient extends Messenger, Directory, FileSource, Receipts {
  /** The delayed update after a card callback (token valid 30 min, usable twice). */
  updateCard(token: string, card: Card): Promise<void>;
  /** The bot's own open_id (GET bot/v3/info), to tell an @ of the bot from an @ of someone else. */
  botOpenId(): Promise<string>;
}

export const BOT_INFO_PATH = '/open-apis/bot/v3/info';

/** Feishu's batch_get_id takes at most 50 mobiles per call. */
const MOBILES_PER_CALL = 50;
const MAX_UUID_LENGTH = 50;

export function toFeishuUuid(key: string): string {
  if (key.length <= MAX_UUID_LENGTH) return key;
  return `h${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 48)}`;
}

export function createFeishuClient(options: FeishuClientOptions): FeishuClient {
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());
  const fetcher = options.fetch ?? fetch;
  const api = createOpenApi({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain ?? 'https://open.feishu.cn',
    transport: options.transport ?? fetchTransport(fetcher),
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const policy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    sleep,
    logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  const pacer = createPacer({
    perTarget: options.perTargetPerSecond ?? 5,
    perApp: options.perAppPerSecond ?? 50,
    perMinute: options.perAppPerMinute ?? 1000,
    now: () => now().getTime(),
    sleep,
  });

  function post(
    url: string,
    data: Record<string, unknown>,
    params?: Record<string, string>,
  ): Promise<unknown> {
    return api.post(url, data, params);
  }

  const files: FileApi = {
    domain: options.domain ?? 'https://open.feishu.cn',
    token: () => api.token(),
    fetch: fetcher,
  };

  return {
    async send(to: Recipient, reply: Reply, idempotencyKey: string) {
      if (to.platform !== 'feishu') throw new Error(`feishu client cannot send to ${to.platform}`);
      const [receiveIdType, receiveId] = to.kind === 'user' ? ['open_id', to.userId] : ['chat_id', to.chatId];
      // A file is uploaded first, then sent as a file message by its key.
      const message =
        reply.kind === 'file'
          ? {
              msg_type: 'file',
              content: JSON.stringify({
                file_key: fileKeyOf(
                  await withRetry('im.file.create', policy, () => uploadFile(files, reply.file)),
                ),
              }),
            }
          : renderMessage(reply, options.render);
      const body = { receive_id: receiveId, ...message, uuid: toFeishuUuid(idempotencyKey) };
      const answer = await withRetry('im.message.create', policy, async () => {
        await pacer.acquire(`${receiveIdType}:${receiveId}`);
        return post('/open-apis/im/v1/messages', body, { receive_id_type: receiveIdType });
      });
      // One message per person: its message_id is what read_users and urgent_app take (a batch
      // message's bm_ id is refused by both), so reminders are not batched on Feishu.
      const messageId = (answer as { data?: { message_id?: unknown } } | null)?.data?.message_id;
      return typeof messageId === 'string' && messageId ? { messageId } : undefined;
    },

    ...createFeishuReceipts(api, policy, options.metrics),

    async userIdsByMobile(mobiles: readonly string[]) {
      const found: Record<string, string> = {};
      const unique = [...new Set(mobiles)];
      for (let i = 0; i < unique.length; i += MOBILES_PER_CALL) {
        const chunk = unique.slice(i, i + MOBILES_PER_CALL);
        const body = await withRetry('contact.user.batch_get_id', policy, () =>
          post('/open-apis/contact/v3/users/batch_get_id', { mobiles: chunk }, { user_id_type: 'open_id' }),
        );
        for (const user of userList(body)) found[user.mobile] = user.userId;
      }
      return found;
    },

    download: (attachment, maxBytes) => downloadResource(files, attachment, maxBytes),

    async botOpenId() {
      const body = await withRetry('bot.v3.info', policy, () => api.get(BOT_INFO_PATH));
      const openId = (body as { bot?: { open_id?: unknown } } | null)?.bot?.open_id;
      if (typeof openId !== 'string' || !openId) throw new Error('bot.v3.info: no bot.open_id');
      return openId;
    },

    async updateCard(token: string, card: Card) {
      const rendered = renderCard(card, options.render).card;
      await withRetry('interactive.card.update', policy, () =>
        post('/open-apis/interactive/v1/card/update', { token, card: rendered }),
      );
    },
  };
}

/** `data.user_list[]` entries that resolved: `{mobile, user_id}` (user_id is the open_id here). */
function userList(body: unknown): { mobile: string; userId: string }[] {
  const data = (body as { data?: { user_list?: unknown } } | null)?.data;
  const list = Array.isArray(data?.user_list) ? (data.user_list as unknown[]) : [];
  return list.flatMap((entry) => {
    const { mobile, user_id: userId } = (entry ?? {}) as { mobile?: unknown; user_id?: unknown };
    return typeof mobile === 'string' && typeof userId === 'string' && userId ? [{ mobile, userId }] : [];
  });
}
