// Feishu JSON → the neutral InboundEvent. Knows Feishu's shapes and nothing of what the bot does.
import type { Attachment, Conversation, InboundEvent } from '../../conversation/model.ts';
import { formValues } from '../kit/form-values.ts';
import {
  type CardAction,
  CardActionSchema,
  EnvelopeSchema,
  FileContentSchema,
  type Mention,
  type MessageReceive,
  MessageReceiveSchema,
  TextContentSchema,
} from './schemas.ts';

export type ParseResult =
  | { kind: 'message'; eventId: string; event: Extract<InboundEvent, { kind: 'message' }> }
  | {
      kind: 'card_action';
      eventId: string;
      event: Extract<InboundEvent, { kind: 'card_action' }>;
      /** The delayed-update token, for `updateCard` after the callback was answered. */
      updateToken?: string;
    }
  | { kind: 'ignored'; eventType: string; eventId?: string; reason: string }
  | { kind: 'invalid'; issue: string };

export interface ParseOptions {
  /** The bot's own open_id; when unknown, any @-mention counts as mentioning the bot. */
  botOpenId?: string;
  /** How to tell a card's chat kind; the callback does not say, so the default is 'direct'. */
  cardChatKind?: (chatId: string) => Conversation['kind'];
}

export function parseFeishuEvent(payload: unknown, options: ParseOptions = {}): ParseResult {
  const envelope = EnvelopeSchema.safeParse(payload);
  if (!envelope.success) return notSchema2(payload);
  const { event_id: eventId, event_type: eventType } = envelope.data.header;
  if (eventType === 'im.message.receive_v1') {
    const parsed = MessageReceiveSchema.safeParse(envelope.data.event);
    if (!parsed.success) return { kind: 'invalid', issue: summarise(parsed.error.issues) };
    return translateMessage(eventId, parsed.data, options);
  }
  if (eventType === 'card.action.trigger') {
    const parsed = CardActionSchema.safeParse(envelope.data.event);
    if (!parsed.success) return { kind: 'invalid', issue: summarise(parsed.error.issues) };
    return translateCardAction(eventId, parsed.data, options);
  }
  return { kind: 'ignored', eventType, eventId, reason: 'unhandled_event_type' };
}

function notSchema2(payload: unknown): ParseResult {
  // v1 events ({uuid, event:{type}}) are not handled but are well-formed: ignore them, keyed by uuid.
  if (typeof payload === 'object' && payload !== null && 'uuid' in payload && 'event' in payload) {
    const { uuid, event } = payload as { uuid: unknown; event: unknown };
    const type = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
    if (typeof uuid === 'string' && uuid) {
      return {
        kind: 'ignored',
        eventType: typeof type === 'string' ? type : 'v1',
        eventId: uuid,
        reason: 'v1',
      };
    }
  }
  return { kind: 'invalid', issue: 'not a schema 2.0 event' };
}

function summarise(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function translateMessage(eventId: string, data: MessageReceive, options: ParseOptions): ParseResult {
  const { message } = data;
  if (message.message_type === 'file' || message.message_type === 'image')
    return translateFile(eventId, data, options);
  if (message.message_type !== 'text') {
    return { kind: 'ignored', eventType: 'im.message.receive_v1', eventId, reason: 'not_text' };
  }
  const content = parseTextContent(message.content);
  if (content === undefined) return { kind: 'invalid', issue: 'message.content is not {"text": …} JSON' };
  return messageEvent(eventId, data, options, stripMentions(content, message.mentions ?? []));
}

/** A file ({file_key, file_name}) or picture ({image_key}): the bot fetches it by message and key. */
function translateFile(eventId: string, data: MessageReceive, options: ParseOptions): ParseResult {
  const { message } = data;
  const parsed = FileContentSchema.safeParse(parseJson(message.content));
  const key = parsed.success ? (parsed.data.file_key ?? parsed.data.image_key) : undefined;
  if (!parsed.success || !key) return { kind: 'invalid', issue: 'message.content has no file_key/image_key' };
  const image = message.message_type === 'image';
  return messageEvent(eventId, data, options, '', {
    kind: image ? 'image' : 'file',
    messageId: message.message_id,
    key,
    name: image ? '' : (parsed.data.file_name ?? ''),
  });
}

/** The neutral message of a receive event: one shape for text and for files. */
function messageEvent(
  eventId: string,
  { message, sender }: MessageReceive,
  options: ParseOptions,
  text: string,
  attachment?: Attachment,
): ParseResult {
  return {
    kind: 'message',
    eventId,
    event: {
      kind: 'message',
      id: message.message_id,
      sender: { platform: 'feishu', userId: sender.sender_id.open_id },
      conversation: {
        id: message.chat_id,
        kind: message.chat_type === 'p2p' ? 'direct' : 'group',
        mentioned: mentionsBot(message.mentions ?? [], options.botOpenId),
      },
      text,
      ...(attachment ? { attachment } : {}),
    },
  };
}

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

function parseTextContent(content: string): string | undefined {
  try {
    const parsed = TextContentSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data.text : undefined;
  } catch {
    return undefined;
  }
}

function mentionsBot(mentions: readonly Mention[], botOpenId: string | undefined): boolean {
  if (!botOpenId) return mentions.length > 0;
  return mentions.some((mention) => mention.id?.open_id === botOpenId);
}

export function stripMentions(text: string, mentions: readonly Mention[]): string {
  let result = text;
  // Longest keys first, so "@_user_1" never eats the front of "@_user_10".
  const keys = mentions.map((mention) => mention.key).sort((a, b) => b.length - a.length);
  for (const key of keys) result = result.split(key).join(' ');
  return result.replace(/[ \t]{2,}/g, ' ').trim();
}

function translateCardAction(eventId: string, data: CardAction, options: ParseOptions): ParseResult {
  const chatId = data.context?.open_chat_id ?? '';
  const kind = chatId && options.cardChatKind ? options.cardChatKind(chatId) : 'direct';
  return {
    kind: 'card_action',
    eventId,
    ...(data.token ? { updateToken: data.token } : {}),
    event: {
      kind: 'card_action',
      id: eventId,
      sender: { platform: 'feishu', userId: data.operator.open_id },
      // A click on the bot's own card is addressed to the bot.
      conversation: { id: chatId, kind, mentioned: true },
      action: coerceRecord(data.action.value),
      form: coerceRecord(data.action.form_value),
    },
  };
}

/** Every value to a string: arrays joined with ',', date-picker values "2024-04-01 +0800" → "2024-04-01". */
export function coerceRecord(
  value: Record<string, unknown> | string | null | undefined,
): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string') return { value };
  return formValues(value, normaliseDate);
}

/** Feishu's date picker sends "2023-03-10 +0800". */
function normaliseDate(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) [+-]\d{4}$/.exec(value);
  return match?.[1] ?? value;
}
