// The platform-neutral event and reply model. Channels translate their platform's JSON to these and
// render these back; nothing here knows Feishu or DingTalk, and nothing in a channel knows ledgers.

export type Platform = 'feishu' | 'dingtalk' | 'console';

export interface Sender {
  platform: Platform;
  /** The platform's id for the person (Feishu open_id, DingTalk staffId, console demo id). */
  userId: string;
  name?: string;
}

export interface Conversation {
  /** The platform's chat id (Feishu chat_id, DingTalk conversationId). */
  id: string;
  kind: 'direct' | 'group';
  /** In a group: whether the bot was @-mentioned. */
  mentioned: boolean;
}

export type InboundEvent =
  | {
      kind: 'message';
      /** The platform's message id: the de-duplication key. */
      id: string;
      sender: Sender;
      conversation: Conversation;
      /** The text with @-mention placeholders removed. */
      text: string;
      /** A file or picture sent instead of text (text is then ''); fetched through `FileSource`. */
      attachment?: Attachment;
    }
  | {
      kind: 'card_action';
      id: string;
      sender: Sender;
      conversation: Conversation;
      /** The value attached to the button that was pressed. */
      action: Record<string, string>;
      /** Form inputs by name, as strings (empty when the button is outside a form). */
      form: Record<string, string>;
    };

/** A file someone sent the bot, not yet downloaded: what the platform needs to hand it over. */
export interface Attachment {
  kind: 'file' | 'image';
  /** The message it came with (Feishu's resource API is keyed by message and file). */
  messageId: string;
  /** Feishu file_key / image_key; DingTalk downloadCode. */
  key: string;
  /** The file name as sent ('' for a picture). */
  name: string;
  /** Bytes, when the platform tells before the download. */
  size?: number;
}

/** A file the bot sends (the exported workbook). */
export interface OutboundFile {
  filename: string;
  mime: string;
  bytes: Uint8Array;
}

export type Tone = 'info' | 'success' | 'warning' | 'danger';

export interface Button {
  label: string;
  style: 'primary' | 'default' | 'danger';
  /** Comes back as the card action's `action`. */
  action: Record<string, string>;
  /** Inside a form: submits the form (the others are plain callback buttons). */
  submit?: boolean;
}

export type Input =
  | {
      kind: 'text' | 'number' | 'multiline';
      name: string;
      label: string;
      required: boolean;
      value?: string;
      placeholder?: string;
      maxLength?: number;
      /** Shown beside the input after a failed submission. */
      error?: string;
    }
  | {
      kind: 'select';
      name: string;
      label: string;
      required: boolean;
      options: { value: string; label: string }[];
      value?: string;
      placeholder?: string;
      error?: string;
    }
  | {
      kind: 'date';
      name: string;
      label: string;
      required: boolean;
      /** "YYYY-MM-DD". */
      value?: string;
      placeholder?: string;
      error?: string;
    };

export interface FormSection {
  title?: string;
  inputs: Input[];
}

export interface Chart {
  kind: 'bar' | 'pie';
  title: string;
  /** Stacked bars: one series per state (已报 / 未报), categories along the axis. */
  series: { name: string; points: { category: string; value: number }[] }[];
}

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  | { kind: 'divider' }
  | { kind: 'note'; text: string }
  | { kind: 'buttons'; buttons: Button[] }
  | { kind: 'table'; columns: { key: string; label: string }[]; rows: Record<string, string>[] }
  | { kind: 'chart'; chart: Chart }
  | { kind: 'form'; name: string; sections: FormSection[]; buttons: Button[] };

export interface Card {
  title: string;
  subtitle?: string;
  tone: Tone;
  blocks: Block[];
}

export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: Card }
  | { kind: 'file'; file: OutboundFile };

export interface Toast {
  tone: Tone;
  text: string;
}

/** What the bot answers to one event. For a card action the channel answers the callback with the
 *  toast and the card update at once; replies are sent afterwards through the Open API. */
export interface BotResponse {
  toast?: Toast;
  /** Replaces the card whose button was pressed. */
  update?: Card;
  /** To the conversation the event came from. */
  replies: Reply[];
  /** To the asker's one-to-one chat (e.g. lists that must not be shown in a group). */
  privateReplies?: Reply[];
}

/** Where a reply goes when it is not the answer to a callback. */
export type Recipient =
  | { kind: 'user'; platform: Platform; userId: string }
  | { kind: 'chat'; platform: Platform; chatId: string };

/** A chat message taken in and waiting for the bot's answer: the event, and where replies go. */
export interface PendingMessage {
  event: Extract<InboundEvent, { kind: 'message' }>;
  to: Recipient;
}

/** What a platform answered for a message sent: its id there, where it gives one (receipts.ts). */
export interface Sent {
  messageId: string;
}

/** The outbound side a channel provides. */
export interface Messenger {
  /** Sends once per idempotency key (Feishu `uuid`): a retried send does not duplicate the message. */
  send(to: Recipient, reply: Reply, idempotencyKey: string): Promise<Sent | undefined>;
}

/** One reply to many people in one call, where a platform allows it (DingTalk robot messages: 20 a
 *  call, one processQueryKey for all, whose read status lists each person). */
export interface BatchMessenger {
  /** Whether this reply can go to many people at once (not a DingTalk template card or a file). */
  batches(reply: Reply): boolean;
  /** Sends once per key and person; answers each delivered person's receipt id and who was not reached. */
  sendMany(
    userIds: readonly string[],
    reply: Reply,
    idempotencyKey: string,
  ): Promise<{ sent: Record<string, Sent | undefined>; failed: string[] }>;
}

export type Download = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too_large' | 'failed' };

/** The inbound side for files: fetches what someone sent, giving up past `maxBytes`. */
export interface FileSource {
  download(attachment: Attachment, maxBytes: number): Promise<Download>;
}

/** The platform directory: whose account a registered mobile number is. */
export interface Directory {
  userIdsByMobile(mobiles: readonly string[]): Promise<Record<string, string>>;
  /** The mobile of one account, where the platform answers that in one call (DingTalk): then an
   *  unknown sender costs one lookup, not one per unbound contact. Null when it has none. */
  mobileOf?(userId: string): Promise<string | null>;
}
