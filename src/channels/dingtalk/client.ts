// The outbound side over the DingTalk Open API: the neutral Messenger and Directory, batch sends to
// many users, and the card update after a callback. Robot messages go through oToMessages/batchSend
// (≤ 20 userIds a call) and groupMessages/send; cards with a form or buttons through the card template.
import type {
  BatchMessenger,
  Card,
  Directory,
  FileSource,
  Messenger,
  Recipient,
  Reply,
} from '../../conversation/model.ts';
import type { Receipts } from '../../conversation/receipts.ts';
import { fetchTransport, type JsonTransport } from '../json-transport.ts';
import { type ChannelLogger, silentLogger } from '../logger.ts';
import type { ChannelMetrics } from '../metrics.ts';
import { createDingtalkApi } from './api.ts';
import { type CardCallbackRegistration, type CardCallbackType, createCardSender } from './cards.ts';
import { createDirectory } from './directory.ts';
import { downloadFile, type FileOptions, fileMessage } from './files.ts';
import { createApiPacer } from './pacer.ts';
import { createDingtalkReceipts } from './receipts.ts';
import { needsCardTemplate, type RenderOptions, renderRobotMessage } from './render.ts';
import { DEFAULT_RETRY } from './retry.ts';
import { createRobotSender, type SendToUsersResult } from './robot.ts';

export interface DingtalkClientOptions {
  appKey: string;
  appSecret: string;
  /** The robot's code (for an app robot, usually the appKey). */
  robotCode: string;
  /** The generic template built once in 卡片平台 (TEMPLATE.md). Without it, cards are sent as markdown. */
  cardTemplateId?: string;
  /** The route key registered with card/callbacks/register for HTTP callbacks. */
  cardCallbackRouteKey?: string;
  /** Where a card's callbacks go: the registered HTTP URL (default) or the Stream connection. */
  cardCallbackType?: CardCallbackType;
  /** Defaults to https://api.dingtalk.com; tests point it at 127.0.0.1. */
  baseUrl?: string;
  /** Defaults to https://oapi.dingtalk.com (the contacts lookup by mobile). */
  oapiBaseUrl?: string;
  /** For files, and the JSON calls unless `transport` is given (default: the global fetch). */
  fetch?: typeof fetch;
  /** The JSON calls (default: through `fetch`). */
  transport?: JsonTransport;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  logger?: ChannelLogger;
  /** Counts retries and rate limits for /metrics. */
  metrics?: ChannelMetrics;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  rateLimitDelayMs?: number;
  /** Calls per second per API (DingTalk standard edition: 20). */
  perApiPerSecond?: number;
  timeoutMs?: number;
  /** How long a mobile → staff id answer is reused (default one hour). */
  directoryCacheMs?: number;
  render?: RenderOptions;
}

export interface DingtalkClient extends Messenger, BatchMessenger, Directory, FileSource, Receipts {
  /** One reply to many people: batched by 20 for robot messages, one card per person otherwise. */
  sendToUsers(userIds: readonly string[], reply: Reply, idempotencyKey: string): Promise<SendToUsersResult>;
  /** Replaces a delivered card's content (PUT card/instances). */
  updateCard(outTrackId: string, card: Card): Promise<void>;
  /** Points the card callbacks of `callbackRouteKey` at this service (once per deployment). */
  registerCardCallback(registration: CardCallbackRegistration): Promise<void>;
  /** Open API calls made so far (token requests excluded), for one API path or in all. */
  callCount(path?: string): number;
}

export function createDingtalkClient(options: DingtalkClientOptions): DingtalkClient {
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());
  const policy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    rateLimitDelayMs: options.rateLimitDelayMs ?? DEFAULT_RETRY.rateLimitDelayMs,
    sleep,
    logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  const fetcher = options.fetch ?? fetch;
  const api = createDingtalkApi({
    appKey: options.appKey,
    appSecret: options.appSecret,
    baseUrl: options.baseUrl ?? 'https://api.dingtalk.com',
    oapiBaseUrl: options.oapiBaseUrl ?? 'https://oapi.dingtalk.com',
    fetch: fetcher,
    transport: options.transport ?? fetchTransport(fetcher),
    now,
    policy,
    pacer: createApiPacer({
      perSecond: options.perApiPerSecond ?? 20,
      now: () => now().getTime(),
      sleep,
    }),
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const robot = createRobotSender({ api, robotCode: options.robotCode, policy, now });
  const cards = options.cardTemplateId
    ? createCardSender({
        api,
        robotCode: options.robotCode,
        cardTemplateId: options.cardTemplateId,
        callbackType: options.cardCallbackType ?? 'HTTP',
        ...(options.cardCallbackRouteKey ? { callbackRouteKey: options.cardCallbackRouteKey } : {}),
        ...(options.render ? { render: options.render } : {}),
      })
    : undefined;
  if (!cards) logger.warn({}, 'dingtalk: no cardTemplateId, cards with forms or buttons go out as markdown');
  const directory = createDirectory({ api, now, cacheMs: options.directoryCacheMs ?? 3_600_000 });
  // A download may be megabytes: it gets longer than one API call.
  const files: FileOptions = {
    api,
    robotCode: options.robotCode,
    fetch: fetcher,
    timeoutMs: 6 * (options.timeoutMs ?? 10_000),
  };

  return {
    async send(to: Recipient, reply: Reply, idempotencyKey: string) {
      if (to.platform !== 'dingtalk') throw new Error(`dingtalk client cannot send to ${to.platform}`);
      if (cards && needsCardTemplate(reply)) {
        const space = to.kind === 'user' ? { user: to.userId } : { group: to.chatId };
        // An interactive card has no processQueryKey and no read status.
        await cards.deliver(space, reply.card, idempotencyKey);
        return undefined;
      }
      const message =
        reply.kind === 'file'
          ? await fileMessage(files, reply.file)
          : renderRobotMessage(reply, options.render);
      if (to.kind === 'chat') {
        await robot.sendToGroup(to.chatId, message, idempotencyKey);
        return undefined;
      }
      const queryKey = await robot.sendToOne(to.userId, message, idempotencyKey);
      return queryKey ? { messageId: queryKey } : undefined;
    },

    async sendToUsers(userIds, reply, idempotencyKey) {
      const unique = [...new Set(userIds)];
      if (cards && needsCardTemplate(reply)) {
        for (const user of unique) await cards.deliver({ user }, reply.card, idempotencyKey);
        return { invalid: [], throttled: [], queryKeys: {} };
      }
      const message =
        reply.kind === 'file'
          ? await fileMessage(files, reply.file)
          : renderRobotMessage(reply, options.render);
      return robot.sendToUsers(unique, message, idempotencyKey);
    },

    batches: (reply) => reply.kind !== 'file' && !(cards && needsCardTemplate(reply)),

    async sendMany(userIds, reply, idempotencyKey) {
      if (reply.kind === 'file' || (cards && needsCardTemplate(reply)))
        throw new Error('dingtalk: only robot messages go to many people at once');
      const { invalid, throttled, queryKeys } = await robot.sendToUsers(
        [...new Set(userIds)],
        renderRobotMessage(reply, options.render),
        idempotencyKey,
      );
      const failed = [...invalid, ...throttled];
      const sent: Record<string, { messageId: string } | undefined> = {};
      for (const id of userIds) {
        if (failed.includes(id)) continue;
        const key = queryKeys[id];
        sent[id] = key ? { messageId: key } : undefined;
      }
      return { sent, failed };
    },

    async updateCard(outTrackId, card) {
      if (!cards) throw new Error('dingtalk: updateCard needs a cardTemplateId');
      await cards.update(outTrackId, card);
    },

    async registerCardCallback(registration) {
      if (!cards) throw new Error('dingtalk: card callbacks need a cardTemplateId');
      await cards.register(registration);
    },

    userIdsByMobile: (mobiles) => directory.userIdsByMobile(mobiles),
    mobileOf: (userId) => directory.mobileOf(userId),
    download: (attachment, maxBytes) => downloadFile(files, attachment, maxBytes),
    callCount: (path) => api.callCount(path),
    ...createDingtalkReceipts(api, options.robotCode, options.metrics),
  };
}
