// The Workers logger: one JSON line per entry on the console, which Workers Logs and `wrangler tail`
// collect. pino's Node build (worker-thread transports, sonic-boom on fs) does not belong in a Worker;
// the app needs only these four levels.
import type { Logger } from './compose.ts';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

export type LogLevel = keyof typeof LEVELS;

export function consoleLogger(level: LogLevel, write: (line: string) => void = console.log): Logger {
  const entry = (name: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) => {
    if (LEVELS[name] < LEVELS[level]) return;
    write(JSON.stringify({ level: name, time: new Date().toISOString(), ...plain(obj), msg }));
  };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

// Errors stringify to {}: keep their message and stack, as pino's `err` serializer does.
function plain(obj: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).map(([key, value]) => [
      key,
      value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value,
    ]),
  );
}
