// The webhook benchmark's baseline as a process of its own, like ours: the Feishu SDK's own
// `adaptDefault` + `EventDispatcher` (decrypting, and checking the signature when asked) with an empty
// handler on a bare Node http server. Prints its port on stdout once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';

const dispatcher = new lark.EventDispatcher({
  encryptKey: process.env.FEISHU_ENCRYPT_KEY ?? '',
  verificationToken: process.env.FEISHU_VERIFICATION_TOKEN ?? '',
  loggerLevel: lark.LoggerLevel.error,
}).register({ 'im.message.receive_v1': async () => {} });
const server = createServer(lark.adaptDefault('/webhook', dispatcher));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
