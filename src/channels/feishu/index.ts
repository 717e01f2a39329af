// The Feishu channel's public pieces.
export {
  type Authenticated,
  type AuthenticateInput,
  authenticateFeishuRequest,
  type RejectCode,
} from './authenticate.ts';
export type { CardElement, FeishuCard } from './card-json.ts';
export { createFeishuClient, type FeishuClient, type FeishuClientOptions, toFeishuUuid } from './client.ts';
export { type DecryptResult, decryptFeishuPayload, decryptFeishuText } from './decrypt.ts';
export { FeishuApiError, type FeishuErrorKind } from './errors.ts';
export { type HandleDeps, handleFeishuPayload } from './handle.ts';
export { createPacer, type Pacer } from './pacer.ts';
export { type ParseOptions, type ParseResult, parseFeishuEvent } from './parse.ts';
export {
  type FeishuCallbackBody,
  type FeishuMessageBody,
  type RenderedCard,
  type RenderOptions,
  renderCallbackResponse,
  renderCard,
  renderMessage,
} from './render.ts';
export { FEISHU_WEBHOOK_PATH, type FeishuWebhookDeps, feishuWebhook } from './route.ts';
export {
  checkToken,
  signFeishuBody,
  type VerifyInput,
  type VerifyResult,
  verifyFeishuRequest,
} from './verify.ts';
