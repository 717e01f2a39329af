// zod schemas for what DingTalk posts: the enterprise robot's message (DD 接收消息; the Stream SDK's
// RobotMessageBase) and the interactive card's callback (dingtalk-card-examples CardCallbackMessage).
// Unknown keys are dropped: DingTalk adds fields over time and the channel needs only these.
import { z } from 'zod';

export const RobotMessageSchema = z.object({
  msgId: z.string().min(1),
  msgtype: z.string().min(1),
  /** "1" one-to-one with the robot, "2" a group. */
  conversationType: z.enum(['1', '2']),
  conversationId: z.string().min(1),
  conversationTitle: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  /** The userid inside the organisation; empty for people from outside it. */
  senderStaffId: z.string().optional(),
  senderCorpId: z.string().optional(),
  chatbotUserId: z.string().optional(),
  robotCode: z.string().optional(),
  isInAtList: z.boolean().optional(),
  isAdmin: z.boolean().optional(),
  createAt: z.number().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  atUsers: z
    .array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() }))
    .optional(),
  text: z.object({ content: z.string() }).optional(),
  /** A file or picture message's content ({downloadCode, fileName}); checked by FileContentSchema. */
  content: z.unknown().optional(),
  /** Present instead of `text` when the organisation's monthly robot quota is used up [unconfirmed]. */
  errorMessage: z.unknown().optional(),
});
export type RobotMessage = z.infer<typeof RobotMessageSchema>;

export const FileContentSchema = z.object({
  downloadCode: z.string().min(1).optional(),
  pictureDownloadCode: z.string().min(1).optional(),
  fileName: z.string().max(500).optional(),
});

export const CardCallbackSchema = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  /** 1 = userid (staff id), 2 = unionId; the channel works with staff ids only. */
  userIdType: z.union([z.number(), z.string()]).optional(),
  corpId: z.string().optional(),
  spaceType: z.string().optional(),
  spaceId: z.string().optional(),
  type: z.string().optional(),
  /** A JSON string holding `cardPrivateData`; accepted already decoded too. */
  content: z.union([z.string(), z.record(z.string(), z.unknown())]),
  value: z.unknown().optional(),
  extension: z.unknown().optional(),
});
export type CardCallback = z.infer<typeof CardCallbackSchema>;

export const CardContentSchema = z.object({
  cardPrivateData: z.object({
    actionIds: z.array(z.string()).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
  }),
});
