// Whose account a registered mobile is: POST oapi.dingtalk.com/topapi/v2/user/getbymobile {mobile},
// one mobile per call, answering {errcode: 0, result: {userid}} (used the same way by NocoBase's
// DingTalk plugin and others; 60121 = no such user). And the other way round, for someone unknown who
// writes: POST topapi/v2/user/get {userid} answers their mobile (result.mobile) in one call, where asking
// for every unbound mobile would cost one call each (~90 on a real roster, against 20 a second). Both
// answers are reused for a while, "no such user" and "no mobile" too.
import type { DingtalkApi } from './api.ts';
import { DingtalkApiError } from './errors.ts';

export const GET_BY_MOBILE_PATH = '/topapi/v2/user/getbymobile';
export const USER_GET_PATH = '/topapi/v2/user/get';
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['60121']);

interface DirectoryOptions {
  api: DingtalkApi;
  now: () => Date;
  cacheMs: number;
}

export function createDirectory(options: DirectoryOptions) {
  const cache = new Map<string, { userId: string | null; at: number }>();

  async function lookup(mobile: string): Promise<string | null> {
    const cached = cache.get(mobile);
    if (cached && options.now().getTime() - cached.at < options.cacheMs) return cached.userId;
    let userId: string | null = null;
    try {
      const body = await options.api.call({
        method: 'POST',
        path: GET_BY_MOBILE_PATH,
        body: { mobile },
        host: 'oapi',
      });
      const found = (body as { result?: { userid?: unknown } } | null)?.result?.userid;
      userId = typeof found === 'string' && found ? found : null;
    } catch (error) {
      if (!(error instanceof DingtalkApiError && NOT_FOUND_CODES.has(error.details.code ?? ''))) throw error;
    }
    cache.set(mobile, { userId, at: options.now().getTime() });
    return userId;
  }

  const mobiles = new Map<string, { mobile: string | null; at: number }>();

  async function mobileOf(userId: string): Promise<string | null> {
    const cached = mobiles.get(userId);
    if (cached && options.now().getTime() - cached.at < options.cacheMs) return cached.mobile;
    let mobile: string | null = null;
    try {
      const body = await options.api.call({
        method: 'POST',
        path: USER_GET_PATH,
        body: { userid: userId, language: 'zh_CN' },
        host: 'oapi',
      });
      const found = (body as { result?: { mobile?: unknown } } | null)?.result?.mobile;
      mobile = typeof found === 'string' && found ? found : null;
    } catch (error) {
      if (!(error instanceof DingtalkApiError && NOT_FOUND_CODES.has(error.details.code ?? ''))) throw error;
    }
    mobiles.set(userId, { mobile, at: options.now().getTime() });
    return mobile;
  }

  return {
    mobileOf,
    async userIdsByMobile(mobiles: readonly string[]): Promise<Record<string, string>> {
      const found: Record<string, string> = {};
      for (const mobile of new Set(mobiles)) {
        if (!mobile) continue;
        const userId = await lookup(mobile);
        if (userId) found[mobile] = userId;
      }
      return found;
    },
  };
}
