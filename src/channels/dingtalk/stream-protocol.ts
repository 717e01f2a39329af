// The names of DingTalk's Stream protocol (DD developerpedia docs/learn/stream/protocol.md; the official
// client's constants.ts), apart from the connection itself (stream.ts, Node only) so runtime-free code
// and tests can name them.

/** POST here {clientId, clientSecret, subscriptions} answers {endpoint, ticket}. */
export const GATEWAY_PATH = '/v1.0/gateway/connections/open';
/** Robot messages, with the HTTP callback's body as `data`. */
export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
/** Presses on cards created with callbackType STREAM. */
export const TOPIC_CARD = '/v1.0/card/instances/callback';
