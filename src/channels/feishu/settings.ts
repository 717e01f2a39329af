// Feishu's part of the configuration (runtime/config.ts reads it from FEISHU_* variables).

export interface FeishuSettings {
  /** webhook: Feishu posts to /webhooks/feishu (a public URL); long-connection: the bot connects out. */
  mode: 'webhook' | 'long-connection';
  appId: string;
  appSecret: string;
  /** Required for the webhook; over the long connection only used if events arrive encrypted. */
  encryptKey: string | null;
  verificationToken: string | null;
  domain: string;
  botOpenId?: string;
  /** Messages a minute for the whole app (Feishu's documented 1,000; a private deployment may differ). */
  sendsPerMinute: number;
}
