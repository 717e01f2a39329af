// Receipts and urging: who has read a message the bot sent, and the platform's stronger push for one
// that stayed unread (Feishu 加急, DingTalk DING). A channel provides it; a refusal (a permission not
// granted, a quota spent) is thrown as `Refused`, naming what to grant, so the caller can fall back.
import type { Platform } from './model.ts';

export interface Receipts {
  /** The ids (as `Recipient.userId`) of those who have read the message with this platform id. */
  readers(messageId: string): Promise<readonly string[]>;
  /**
   * Pushes `text` harder to one person: Feishu urges the message `messageId` (so it needs one, and
   * `urgesMessage` is true); DingTalk sends `text` as a DING of its own. `key` names the step (the
   *  console keeps it as its mail's key).
   */
  urge(to: { userId: string; messageId?: string; key: string }, text: string): Promise<void>;
  /** Whether `urge` needs a message of the bot's to urge. */
  readonly urgesMessage: boolean;
  /** How long after sending the platform still answers `readers` (Feishu: 7 days). */
  readonly readableForDays: number;
}

/** The platform said no for good: the call is not tried again until the permission is granted. */
export class Refused extends Error {
  constructor(
    readonly platform: Platform,
    readonly api: 'read_status' | 'urge',
    /** The permission (scope) to grant, or the quota that ran out, in the platform's own name. */
    readonly grant: string,
    readonly reason: 'permission' | 'quota',
    detail: string,
  ) {
    super(`${platform} ${api} refused (${reason}): ${detail}`);
  }
}
