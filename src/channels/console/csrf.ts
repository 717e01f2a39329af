// The console's JSON API acts as whoever the page picked, the bureau included, with the browser's
// cached Basic credentials: another site must not be able to drive it (a text/plain POST from another
// origin closed a period). Three checks, any one of which stops such a request:
// - the browser says where the request comes from (Sec-Fetch-Site, Origin): only this origin;
// - a POST carries application/json, which another origin cannot send without a CORS preflight;
// - a POST carries the token of the console session (an HttpOnly, SameSite=Strict cookie set with the
//   page, and the same token in the page), which another origin can neither read nor send.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type PromptKey, say } from '../../prompts.ts';

const COOKIE = 'bangfu_console';
export const TOKEN_HEADER = 'X-Console-Token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The session's token, minted with a cookie when the browser has none yet. */
export function consoleSession(c: Context): string {
  const held = getCookie(c, COOKIE);
  if (held && TOKEN_SHAPE.test(held)) return held;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  setCookie(c, COOKIE, token, {
    path: '/console',
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
  });
  return token;
}

export function sameOriginApi(): MiddlewareHandler {
  return async (c, next) => {
    const refuse = (key: PromptKey, status: 403 | 415) => c.json({ ok: false, error: say(key) }, status);
    // Every current browser sends Sec-Fetch-Site, which no page can set: it decides. Without it (an older
    // browser) the Origin must name this host — as the browser was told it, before any proxy.
    const site = c.req.header('Sec-Fetch-Site');
    const origin = c.req.header('Origin');
    const host = c.req.header('X-Forwarded-Host') ?? c.req.header('Host');
    if (site !== undefined ? site !== 'same-origin' : origin !== undefined && originHost(origin) !== host)
      return refuse('console.crossSite', 403);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') return refuse('console.jsonOnly', 415);
      const cookie = getCookie(c, COOKIE);
      const token = c.req.header(TOKEN_HEADER);
      if (!cookie || !token || !sameText(cookie, token)) return refuse('console.sessionExpired', 403);
    }
    return next();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Compares without stopping at the first difference. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let differ = 0;
  for (let i = 0; i < a.length; i++) differ |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return differ === 0;
}
