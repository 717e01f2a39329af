// The DingTalk channel's public pieces.
export type { ApiCall, DingtalkApi } from './api.ts';
export {
  type CardCallbackRegistration,
  type CardSpace,
  CREATE_AND_DELIVER_PATH,
  openSpaceId,
  outTrackIdFor,
  REGISTER_CALLBACK_PATH,
  UPDATE_CARD_PATH,
} from './cards.ts';
export { createDingtalkClient, type DingtalkClient, type DingtalkClientOptions } from './client.ts';
export { GET_BY_MOBILE_PATH } from './directory.ts';
export { DingtalkApiError, type DingtalkErrorKind, QUOTA_CODES, RATE_LIMIT_CODES } from './errors.ts';
export { type HandleDeps, type HandleResult, handleCardCallback, handleRobotMessage } from './handle.ts';
export { type ApiPacer, createApiPacer } from './pacer.ts';
export {
  type CardParseResult,
  coerceRecord,
  decodeAction,
  type MessageParseResult,
  parseCardCallback,
  parseRobotMessage,
} from './parse.ts';
export {
  type DingtalkCallbackBody,
  needsCardTemplate,
  type RenderOptions,
  type RobotMessageBody,
  renderCallbackResponse,
  renderMarkdownMessage,
  renderRobotMessage,
} from './render.ts';
export { type FormField, isInteractive, renderCardParamMap, type TemplateButton } from './render-card.ts';
export {
  markdownList,
  renderBlocksMarkdown,
  renderCardMarkdown,
  renderChartList,
} from './render-markdown.ts';
export { BATCH_SEND_PATH, GROUP_SEND_PATH, MAX_USERS_PER_BATCH, type SendToUsersResult } from './robot.ts';
export {
  DINGTALK_CARD_PATH,
  DINGTALK_WEBHOOK_PATH,
  type DingtalkWebhookDeps,
  dingtalkWebhook,
  type RejectCode,
} from './route.ts';
export { ACTION_FIELD, PARAM, VAR } from './template.ts';
export {
  type CardCallbackVerifyInput,
  type DingtalkVerifyInput,
  signDingtalkTimestamp,
  type VerifyResult,
  verifyCardCallback,
  verifyDingtalkRequest,
} from './verify.ts';
