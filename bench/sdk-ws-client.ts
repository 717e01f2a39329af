// The connection benchmark's baseline as a process of its own, like ours: the Feishu SDK's own WSClient
// with an empty handler, connected to the loopback gateway named by FEISHU_DOMAIN.
import * as lark from '@larksuiteoapi/node-sdk';

const client = new lark.WSClient({
  appId: process.env.FEISHU_APP_ID ?? '',
  appSecret: process.env.FEISHU_APP_SECRET ?? '',
  domain: process.env.FEISHU_DOMAIN ?? '',
  loggerLevel: lark.LoggerLevel.error,
});
const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
  'im.message.receive_v1': async () => {},
});
await client.start({ eventDispatcher: dispatcher });
process.on('SIGTERM', () => {
  client.close({ force: true });
  process.exit(0);
});
