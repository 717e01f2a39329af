// A platform that refuses a read-status or urge call (a permission not granted, a quota spent) is
// logged once per platform, call and reason, naming what to grant; other failures are logged as they
// come. Nothing else stops: the caller falls back or leaves the step for a later sweep.
import { Refused } from '../conversation/receipts.ts';

export interface RefusalLogger {
  warn(obj: object, msg?: string): void;
}

export interface RefusalLog {
  /** Logs `error` (a refusal once only); true when it was a refusal. */
  note(error: unknown): boolean;
}

export function refusalLog(logger: RefusalLogger): RefusalLog {
  const logged = new Set<string>();
  return {
    note(error) {
      if (!(error instanceof Refused)) {
        logger.warn({ err: error }, 'receipts: platform call failed, tried again later');
        return false;
      }
      const key = `${error.platform}|${error.api}|${error.reason}`;
      if (!logged.has(key)) {
        logged.add(key);
        logger.warn(
          { platform: error.platform, api: error.api, reason: error.reason, grant: error.grant },
          `receipts: ${error.platform} refused ${error.api} (${error.reason}); grant ${error.grant}`,
        );
      }
      return true;
    },
  };
}
