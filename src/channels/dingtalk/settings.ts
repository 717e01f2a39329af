// DingTalk's part of the configuration (runtime/config.ts reads it from DINGTALK_* variables).

export interface DingtalkSettings {
  /** http: DingTalk posts to /webhooks/dingtalk (a public URL); stream: the bot connects out. */
  mode: 'http' | 'stream';
  appKey: string;
  appSecret: string;
  robotCode: string;
  /** The generic card template built once in 卡片平台 (src/channels/dingtalk/TEMPLATE.md); without it cards fall back to markdown. */
  cardTemplateId: string | null;
  /** The secret path token of the HTTP card callback (POST /webhooks/dingtalk/card/<token>). */
  cardCallbackToken: string | null;
  /** The callbackRouteKey registered with the callback URL; cards name it so their callbacks come here
   *  (http mode; in stream mode card callbacks come over the stream). */
  cardCallbackRouteKey: string | null;
  baseUrl: string;
  oapiBaseUrl: string;
}
