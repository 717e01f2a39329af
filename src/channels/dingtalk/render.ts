// Replies → DingTalk robot messages (msgKey + msgParam) and bot answers → the card callback's answer.
// Cards with something to fill in or press use the card template (render-card.ts); the rest are
// `sampleMarkdown`, and text is `sampleText`.
import type { BotResponse, Card, Reply } from '../../conversation/model.ts';
import { isInteractive, renderCardParamMap } from './render-card.ts';
import { type MarkdownOptions, renderCardMarkdown } from './render-markdown.ts';
import { VAR } from './template.ts';

export type RenderOptions = MarkdownOptions;

/** The body parts shared by oToMessages/batchSend and groupMessages/send; msgParam is a JSON string. */
export interface RobotMessageBody {
  msgKey: 'sampleText' | 'sampleMarkdown' | 'sampleFile';
  msgParam: string;
}

/** Text and cards; a file reply is uploaded and sent by the client (files.ts). */
export function renderRobotMessage(
  reply: Exclude<Reply, { kind: 'file' }>,
  options: RenderOptions = {},
): RobotMessageBody {
  if (reply.kind === 'text')
    return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: reply.text }) };
  return renderMarkdownMessage(reply.card, options);
}

export function renderMarkdownMessage(card: Card, options: RenderOptions = {}): RobotMessageBody {
  const { text } = renderCardMarkdown(card, options);
  return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: card.title, text }) };
}

/** Whether a reply needs the interactive card template rather than a plain robot message. */
export function needsCardTemplate(reply: Reply): reply is { kind: 'card'; card: Card } {
  return reply.kind === 'card' && isInteractive(reply.card);
}

export interface DingtalkCallbackBody {
  cardUpdateOptions?: { updateCardDataByKey: boolean };
  cardData?: { cardParamMap: Record<string, string> };
}

/** The answer to a card callback: the new card's variables and/or the toast variables, updated by key
 *  (the shape the official Stream examples answer with; `{}` changes nothing). */
export function renderCallbackResponse(
  response: Pick<BotResponse, 'toast' | 'update'>,
  options: RenderOptions = {},
): DingtalkCallbackBody {
  if (!response.update && !response.toast) return {};
  const cardParamMap: Record<string, string> = {
    ...(response.update ? renderCardParamMap(response.update, options) : {}),
    [VAR.toast]: response.toast?.text ?? '',
    [VAR.toastTone]: response.toast?.tone ?? '',
  };
  return { cardUpdateOptions: { updateCardDataByKey: true }, cardData: { cardParamMap } };
}
