// A card press answered before its work was done ("处理中"): when the work ends, its replies and the
// toast that could no longer be shown go to the presser as messages, and its new card goes through
// the platform's own way of updating a card later (Feishu's delayed update, DingTalk's PUT).
import { sendReplies } from '../../conversation/deliver.ts';
import type { BotResponse, Card, Messenger, Recipient } from '../../conversation/model.ts';
import type { ChannelLogger } from '../logger.ts';

export interface LatePressDeps {
  messenger: Messenger;
  logger: ChannelLogger;
  errorToast: string;
}

export async function finishLatePress(
  late: Promise<BotResponse | undefined>,
  press: { operator: Recipient; eventId: string; platform: string },
  updateCard: ((card: Card) => Promise<void>) | undefined,
  deps: LatePressDeps,
): Promise<void> {
  let response: BotResponse | undefined;
  try {
    response = await late;
  } catch (error) {
    deps.logger.error({ err: error, eventId: press.eventId }, `${press.platform} card action failed`);
    await sendReplies(
      [{ kind: 'text', text: deps.errorToast }],
      press.operator,
      `reply:${press.eventId}:late`,
      deps,
    );
    return;
  }
  if (!response) return;
  const replies = [
    ...response.replies,
    ...(response.privateReplies ?? []),
    ...(response.toast ? [{ kind: 'text' as const, text: response.toast.text }] : []),
  ];
  if (replies.length > 0) await sendReplies(replies, press.operator, `reply:${press.eventId}`, deps);
  if (!response.update || !updateCard) return;
  try {
    await updateCard(response.update);
  } catch (error) {
    deps.logger.error({ err: error, eventId: press.eventId }, `${press.platform} card update failed`);
  }
}
