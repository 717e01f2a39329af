// HTTP Basic for the console and dashboard when a password is configured: any user name, the one
// password, compared in constant time; the browser asks for it again after a wrong one. Wrong
// passwords are counted per client address: past the limit, that address waits (429) without its
// guesses being compared at all.
import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { AttemptLimit, Attempts } from '../app/attempt-limit.ts';
import { say } from '../prompts.ts';

/** Header values are ASCII: the realm is too. */
const REALM = 'bangfu-console';

export interface PasswordGuard {
  attempts: Attempts;
  limit: AttemptLimit;
  /** The client's address (the socket's, never a header a client can set). */
  addressOf(c: Context): string;
}

export function requirePassword(password: string, guard?: PasswordGuard): MiddlewareHandler {
  return async (c, next) => {
    const key = guard ? `password:${guard.addressOf(c)}` : '';
    const limited = (minutes: number) =>
      c.text(
        say('console.passwordLimited', {
          max: guard?.limit.max,
          window: (guard?.limit.windowMs ?? 0) / 60_000,
          minutes,
        }),
        429,
        { 'Retry-After': String(minutes * 60), 'Cache-Control': 'no-store' },
      );
    if (guard) {
      const before = await guard.attempts.check(key);
      if (before.blocked) return limited(before.minutes);
    }
    const given = readBasicPassword(c.req.header('Authorization'));
    if (given !== null && (await timingSafeEqual(given, password))) return next();
    // No credentials yet is how every browser starts: only a wrong password counts.
    if (guard && given !== null) {
      const after = await guard.attempts.fail(key);
      if (after.blocked) return limited(after.minutes);
    }
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
