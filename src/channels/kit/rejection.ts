// A webhook request refused before the bot sees it: one table from every platform's reasons to an HTTP
// status, and one small `{error}` answer, logged and counted alike on every platform (never a 500).
import type { ChannelLogger } from '../logger.ts';
import type { ChannelMetrics } from '../metrics.ts';

export type RejectCode =
  | 'payload_too_large'
  | 'invalid_json'
  | 'undecryptable'
  | 'unsigned'
  | 'bad_signature'
  | 'stale'
  | 'bad_token'
  | 'invalid_payload';

export const REJECT_STATUS: Record<RejectCode, 400 | 401 | 413> = {
  payload_too_large: 413,
  invalid_json: 400,
  undecryptable: 400,
  unsigned: 401,
  bad_signature: 401,
  stale: 401,
  bad_token: 401,
  invalid_payload: 400,
};

/** The answer to a refused request of `platform`'s webhook, logged and counted as `rejections`. */
export function rejecter(
  platform: string,
  deps: { logger: ChannelLogger; metrics?: ChannelMetrics },
): (code: RejectCode) => Response {
  return (code) => {
    deps.logger.warn({ code }, `${platform} webhook rejected`);
    deps.metrics?.count('rejections', { platform, reason: code });
    return new Response(JSON.stringify({ error: code }), {
      status: REJECT_STATUS[code],
      headers: { 'content-type': 'application/json' },
    });
  };
}
