// The logging surface a channel needs. pino's Logger satisfies it; tests pass `silentLogger`.

type LogFn = (obj: object, msg?: string) => void;

export interface ChannelLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore: LogFn = () => {};

export const silentLogger: ChannelLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
