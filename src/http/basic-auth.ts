// HTTP Basic for the console and dashboard when a password is configured: any user name, the one
// password, compared in constant time; the browser asks for it again after a wrong one.
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';

/** Header values are ASCII: the realm is too. */
const REALM = 'bangfu-console';

export function requirePassword(password: string): MiddlewareHandler {
  return async (c, next) => {
    const given = readBasicPassword(c.req.header('Authorization'));
    if (given !== null && (await timingSafeEqual(given, password))) return next();
    return c.text('401 Unauthorized', 401, {
      'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"`,
      'Cache-Control': 'no-store',
    });
  };
}

export function readBasicPassword(header: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  try {
    const bytes = Uint8Array.from(atob(match[1]), (ch) => ch.charCodeAt(0));
    const decoded = new TextDecoder().decode(bytes);
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.slice(colon + 1);
  } catch {
    return null;
  }
}
