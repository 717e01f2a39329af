// zod schemas for the two schema-2.0 payloads the channel handles. Unknown keys are allowed and dropped:
// Feishu adds fields over time and the channel only needs these.
import { z } from 'zod';

export const EnvelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    token: z.string().optional(),
    create_time: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.unknown(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

const UserIdsSchema = z.object({
  open_id: z.string().optional(),
  union_id: z.string().optional(),
  user_id: z.string().optional(),
});

export const MentionSchema = z.object({
  key: z.string().min(1),
  id: UserIdsSchema.optional(),
  name: z.string().optional(),
});
export type Mention = z.infer<typeof MentionSchema>;

export const MessageReceiveSchema = z.object({
  sender: z.object({
    sender_id: UserIdsSchema.extend({ open_id: z.string().min(1) }),
    sender_type: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string().min(1),
    message_type: z.string().min(1),
    content: z.string(),
    mentions: z.array(MentionSchema).optional(),
  }),
});
export type MessageReceive = z.infer<typeof MessageReceiveSchema>;

export const CardActionSchema = z.object({
  operator: UserIdsSchema.extend({ open_id: z.string().min(1) }),
  /** The delayed-update token (30 min, 2 uses). */
  token: z.string().optional(),
  action: z.object({
    value: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
    tag: z.string().optional(),
    name: z.string().optional(),
    timezone: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).nullish(),
  }),
  host: z.string().optional(),
  context: z
    .object({
      open_message_id: z.string().optional(),
      open_chat_id: z.string().optional(),
    })
    .optional(),
});
export type CardAction = z.infer<typeof CardActionSchema>;

export const TextContentSchema = z.object({ text: z.string() });

/** The content of a file message ({file_key, file_name}) or an image message ({image_key}). */
export const FileContentSchema = z.object({
  file_key: z.string().min(1).optional(),
  file_name: z.string().max(500).optional(),
  image_key: z.string().min(1).optional(),
});
