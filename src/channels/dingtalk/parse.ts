// DingTalk JSON → the neutral InboundEvent. Knows DingTalk's shapes and nothing of what the bot does.
import { createHash } from 'node:crypto';
import type { InboundEvent } from '../../conversation/model.ts';
import { formValues } from '../kit/form-values.ts';
import {
  type CardCallback,
  CardCallbackSchema,
  CardContentSchema,
  FileContentSchema,
  type RobotMessage,
  RobotMessageSchema,
} from './schemas.ts';
import { ACTION_FIELD, PARAM } from './template.ts';

export type MessageEvent = Extract<InboundEvent, { kind: 'message' }>;
export type CardActionEvent = Extract<InboundEvent, { kind: 'card_action' }>;

export type MessageParseResult =
  | { kind: 'message'; event: MessageEvent }
  | { kind: 'ignored'; reason: 'not_text' | 'no_content' | 'external_sender'; msgId: string }
  | { kind: 'invalid'; issue: string };

export type CardParseResult =
  | {
      kind: 'card_action';
      event: CardActionEvent;
      /** The card instance to update afterwards. */
      outTrackId: string;
      /** Stable for one delivery: a redelivered callback carries the same key. */
      dedupKey: string;
    }
  | { kind: 'invalid'; issue: string };

function summarise(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parseRobotMessage(payload: unknown): MessageParseResult {
  const parsed = RobotMessageSchema.safeParse(payload);
  if (!parsed.success) return { kind: 'invalid', issue: summarise(parsed.error.issues) };
  return translateMessage(parsed.data);
}

function translateMessage(message: RobotMessage): MessageParseResult {
  const { msgId } = message;
  const attachment = attachmentOf(message);
  if (message.msgtype !== 'text' && !attachment) return { kind: 'ignored', reason: 'not_text', msgId };
  if (!message.text && !attachment) return { kind: 'ignored', reason: 'no_content', msgId };
  // Without a staff id nobody can be matched or written to one-to-one: someone outside the organisation.
  if (!message.senderStaffId) return { kind: 'ignored', reason: 'external_sender', msgId };
  const direct = message.conversationType === '1';
  return {
    kind: 'message',
    event: {
      kind: 'message',
      id: msgId,
      sender: {
        platform: 'dingtalk',
        userId: message.senderStaffId,
        ...(message.senderNick ? { name: message.senderNick } : {}),
      },
      conversation: {
        id: message.conversationId,
        kind: direct ? 'direct' : 'group',
        // A group delivers only messages that @ the robot (DD receive.md); an explicit false is kept.
        mentioned: direct || (message.isInAtList ?? true),
      },
      // DingTalk leaves a space where the @robot was.
      text: message.text?.content.trim() ?? '',
      ...(attachment ? { attachment } : {}),
    },
  };
}

/** A file (content {downloadCode, fileName}) or picture (content {downloadCode}) sent to the robot. */
function attachmentOf(message: RobotMessage): MessageEvent['attachment'] {
  if (message.msgtype !== 'file' && message.msgtype !== 'picture') return undefined;
  const content = FileContentSchema.safeParse(message.content);
  if (!content.success) return undefined;
  const picture = message.msgtype === 'picture';
  const key = content.data.downloadCode ?? content.data.pictureDownloadCode;
  if (!key) return undefined;
  return {
    kind: picture ? 'image' : 'file',
    messageId: message.msgId,
    key,
    name: picture ? '' : (content.data.fileName ?? ''),
  };
}

export function parseCardCallback(payload: unknown): CardParseResult {
  const parsed = CardCallbackSchema.safeParse(payload);
  if (!parsed.success) return { kind: 'invalid', issue: summarise(parsed.error.issues) };
  const callback = parsed.data;
  if (callback.userIdType !== undefined && String(callback.userIdType) !== '1') {
    return { kind: 'invalid', issue: 'userIdType is not 1 (userid)' };
  }
  const content = decodeContent(callback.content);
  if (!content) return { kind: 'invalid', issue: 'content has no cardPrivateData' };
  const { params } = content.cardPrivateData;
  const form = coerceRecord(params[PARAM.form]);
  const fromSelect = form[ACTION_FIELD];
  delete form[ACTION_FIELD];
  const action = decodeAction(fromSelect) ?? decodeAction(params[PARAM.action]);
  if (!action) return { kind: 'invalid', issue: 'no action in cardPrivateData.params' };
  const dedupKey = hash([callback.outTrackId, callback.userId, JSON.stringify(content)]);
  return {
    kind: 'card_action',
    outTrackId: callback.outTrackId,
    dedupKey,
    event: {
      kind: 'card_action',
      id: `card:${dedupKey}`,
      sender: { platform: 'dingtalk', userId: callback.userId },
      conversation: conversationOf(callback),
      action,
      form,
    },
  };
}

function decodeContent(content: CardCallback['content']) {
  let value: unknown = content;
  if (typeof content === 'string') {
    try {
      value = JSON.parse(content);
    } catch {
      return undefined;
    }
  }
  const parsed = CardContentSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A click on the robot's card is addressed to the robot; a group card lives in its group. */
function conversationOf(callback: CardCallback): CardActionEvent['conversation'] {
  const group = callback.spaceType?.toUpperCase() === 'IM_GROUP' && Boolean(callback.spaceId);
  return {
    id: callback.spaceId || callback.userId,
    kind: group ? 'group' : 'direct',
    mentioned: true,
  };
}

/** The action round-trips as a JSON string; an already decoded object is accepted too. */
export function decodeAction(value: unknown): Record<string, string> | undefined {
  let decoded = value;
  if (typeof value === 'string') {
    try {
      decoded = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return undefined;
  if ('value' in decoded && Object.keys(decoded).every((k) => k === 'value' || k === 'index')) {
    // A select's {index, value}: the value is the action's JSON string.
    return decodeAction((decoded as { value: unknown }).value);
  }
  const out = coerceRecord(decoded);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Every form value to a string: select {index, value} → value, lists joined with ',', numbers as text. */
export function coerceRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return formValues(value as Record<string, unknown>);
}

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 40);
}
