// The DingTalk settings every test app runs with — robot, card template and callback token — pointed at
// a fake Open API. Pure, so both the Node tests and the workerd harness use it.

export function dingtalkEnv(
  fake: { url: string; appKey: string; appSecret: string },
  cardCallbackToken: string,
): Record<string, string> {
  return {
    DINGTALK_APP_KEY: fake.appKey,
    DINGTALK_APP_SECRET: fake.appSecret,
    DINGTALK_ROBOT_CODE: 'dingrobotcode',
    DINGTALK_CARD_TEMPLATE_ID: 'tpl-bangfu-generic.schema',
    DINGTALK_CARD_CALLBACK_TOKEN: cardCallbackToken,
    DINGTALK_CARD_CALLBACK_ROUTE_KEY: 'bangfu-cases',
    DINGTALK_BASE_URL: fake.url,
    DINGTALK_OAPI_BASE_URL: fake.url,
  };
}
