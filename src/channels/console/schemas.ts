// The console API's request bodies, validated before anything is dispatched.
import { z } from 'zod';

const UserId = z.string().trim().min(1).max(64);
const Strings = z
  .record(z.string().max(64), z.string().max(20_000))
  .refine((r) => Object.keys(r).length <= 500, { message: 'too many keys' });

export const MessageBodySchema = z.object({ userId: UserId, text: z.string().trim().min(1).max(500) });
export type MessageBody = z.infer<typeof MessageBodySchema>;

export const ActionBodySchema = z.object({
  userId: UserId,
  action: Strings.refine((r) => Object.keys(r).length > 0, { message: 'empty action' }),
  form: Strings.default({}),
});
export type ActionBody = z.infer<typeof ActionBodySchema>;

export const InboxQuerySchema = z.object({
  userId: UserId,
  since: z.union([z.literal(''), z.iso.datetime()]).default(''),
});

/** Beijing time from the page's datetime-local input ("2023-03-24T09:30"), or back to the real time. */
export const ClockBodySchema = z.union([
  z.object({ at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/) }),
  z.object({ reset: z.literal(true) }),
]);
