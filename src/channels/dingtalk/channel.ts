// DingTalk as the runtime sees it (contract.ts): its client, its HTTP callbacks or its Stream, and the
// Open API's PUT that replaces a card pressed whose answer came too late.
import { say } from '../../prompts.ts';
import { liveConnection, type PlatformChannel, socketOptions } from '../contract.ts';
import { createDingtalkClient, type DingtalkClient } from './client.ts';
import { dingtalkWebhook } from './route.ts';
import { DINGTALK_ENV, type DingtalkSettings, readDingtalkSettings } from './settings.ts';
import { startDingtalkStream } from './stream.ts';

export const dingtalkChannel: PlatformChannel<DingtalkSettings, DingtalkClient> = {
  platform: 'dingtalk',
  env: DINGTALK_ENV,
  readSettings: readDingtalkSettings,
  createClient: (settings, context) =>
    createDingtalkClient({
      appKey: settings.appKey,
      appSecret: settings.appSecret,
      robotCode: settings.robotCode,
      ...(settings.cardTemplateId ? { cardTemplateId: settings.cardTemplateId } : {}),
      ...(settings.cardCallbackRouteKey ? { cardCallbackRouteKey: settings.cardCallbackRouteKey } : {}),
      cardCallbackType: settings.mode === 'stream' ? 'STREAM' : 'HTTP',
      baseUrl: settings.baseUrl,
      oapiBaseUrl: settings.oapiBaseUrl,
      ...context,
    }),
  // Robot messages go up to 20 people a call, and one read-status call answers for all of them.
  batcher: (client) => client,
  lateUpdate: (client) => (outTrackId, card) => client.updateCard(outTrackId, card),
  connectsOut: (settings) => settings.mode === 'stream',
  describe: (settings) => say(settings.mode === 'stream' ? 'start.dingtalkStream' : 'start.dingtalkHttp'),
  webhook(settings, handling) {
    return dingtalkWebhook({
      ...handling,
      via: 'http',
      appSecret: settings.appSecret,
      ...(settings.cardCallbackToken ? { cardCallbackToken: settings.cardCallbackToken } : {}),
    });
  },
  connect(settings, handling, options) {
    return liveConnection({ platform: 'dingtalk', mode: 'stream' }, options, (status) =>
      startDingtalkStream({
        ...socketOptions(options),
        ...(options.pingIntervalMs !== undefined ? { pingIntervalMs: options.pingIntervalMs } : {}),
        appKey: settings.appKey,
        appSecret: settings.appSecret,
        baseUrl: settings.baseUrl,
        deps: { ...handling, via: 'stream' },
        userAgent: options.userAgent,
        status,
      }),
    );
  },
};
