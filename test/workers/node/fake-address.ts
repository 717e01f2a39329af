// Where a loopback fake Open API started by the Node globalSetup listens, and its app credentials
// (DingTalk's app key as appId).
export interface FakeAddress {
  url: string;
  appId: string;
  appSecret: string;
}
