// Interactive cards from the generic template: card/instances/createAndDeliver into a robot chat or a
// group, and PUT card/instances to replace a card's content (dingtalk-card-examples cardReplier.ts).
// outTrackId is derived from the idempotency key and the space, so a retried send reuses it.
import { createHash } from 'node:crypto';
import type { Card } from '../../conversation/model.ts';
import type { DingtalkApi } from './api.ts';
import { DingtalkApiError } from './errors.ts';
import type { RenderOptions } from './render.ts';
import { renderCardParamMap } from './render-card.ts';

export const CREATE_AND_DELIVER_PATH = '/v1.0/card/instances/createAndDeliver';
export const UPDATE_CARD_PATH = '/v1.0/card/instances';
export const REGISTER_CALLBACK_PATH = '/v1.0/card/callbacks/register';

/** What card/callbacks/register takes (DD 事件回调; platforms.md §7): run once per deployment. */
export interface CardCallbackRegistration {
  /** e.g. https://<host>/webhooks/dingtalk/card?token=<cardCallbackToken> */
  callbackUrl: string;
  callbackRouteKey: string;
  apiSecret: string;
  forceUpdate?: boolean;
}

export type CardSpace = { user: string } | { group: string };

/** HTTP: callbacks go to the URL registered under the route key; STREAM: over the Stream connection. */
export type CardCallbackType = 'HTTP' | 'STREAM';

interface CardSenderOptions {
  api: DingtalkApi;
  robotCode: string;
  cardTemplateId: string;
  callbackType: CardCallbackType;
  callbackRouteKey?: string;
  render?: RenderOptions;
}

export function openSpaceId(space: CardSpace): string {
  return 'user' in space ? `dtv1.card//IM_ROBOT.${space.user}` : `dtv1.card//IM_GROUP.${space.group}`;
}

/** Unique per (key, space) and the same on every retry. */
export function outTrackIdFor(idempotencyKey: string, space: CardSpace): string {
  const digest = createHash('sha256').update(`${idempotencyKey}\u0000${openSpaceId(space)}`, 'utf8');
  return `bf_${digest.digest('hex').slice(0, 48)}`;
}

export function createCardSender(options: CardSenderOptions) {
  const { api, robotCode } = options;
  return {
    async deliver(space: CardSpace, card: Card, idempotencyKey: string): Promise<string> {
      const outTrackId = outTrackIdFor(idempotencyKey, space);
      const deliverModel =
        'user' in space
          ? {
              imRobotOpenSpaceModel: { supportForward: false },
              imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode },
            }
          : { imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode } };
      const body = await api.call({
        method: 'POST',
        path: CREATE_AND_DELIVER_PATH,
        body: {
          cardTemplateId: options.cardTemplateId,
          outTrackId,
          callbackType: options.callbackType,
          // A stream callback needs no route: it comes over the app's own connection.
          ...(options.callbackRouteKey && options.callbackType === 'HTTP'
            ? { callbackRouteKey: options.callbackRouteKey }
            : {}),
          cardData: { cardParamMap: renderCardParamMap(card, options.render) },
          openSpaceId: openSpaceId(space),
          userIdType: 1,
          ...deliverModel,
        },
      });
      checkDelivered(body);
      return outTrackId;
    },

    async register(registration: CardCallbackRegistration): Promise<void> {
      await api.call({ method: 'POST', path: REGISTER_CALLBACK_PATH, body: registration });
    },

    async update(outTrackId: string, card: Card): Promise<void> {
      await api.call({
        method: 'PUT',
        path: UPDATE_CARD_PATH,
        body: {
          outTrackId,
          cardData: { cardParamMap: renderCardParamMap(card, options.render) },
          cardUpdateOptions: { updateCardDataByKey: true },
        },
      });
    },
  };
}

/** The call succeeds per space: a card delivered nowhere is a failure the caller should see. */
function checkDelivered(body: unknown): void {
  const results = (body as { result?: { deliverResults?: unknown } } | null)?.result?.deliverResults;
  if (!Array.isArray(results) || results.length === 0) return;
  const delivered = results.some((r) => (r as { success?: unknown } | null)?.success === true);
  if (delivered) return;
  const first = results[0] as { errorMsg?: unknown } | undefined;
  const reason = typeof first?.errorMsg === 'string' ? first.errorMsg : 'not delivered';
  throw new DingtalkApiError('api_error', `${CREATE_AND_DELIVER_PATH}: ${reason}`, {
    api: CREATE_AND_DELIVER_PATH,
    attempts: 1,
  });
}
