// What `npm start` prints once listening: the addresses to open, and the demo time when there is one.
import { localDateTime } from '../domain/clock.ts';
import { say } from '../prompts.ts';
import type { Config } from './config.ts';

export function startupLines(config: Config, port: number, demoNow: Date | null): string[] {
  // 0.0.0.0 and :: listen everywhere; a browser on this machine opens 127.0.0.1.
  const host = ['0.0.0.0', '::', '[::]'].includes(config.host) ? '127.0.0.1' : config.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const lines = [say('start.ready'), platformLine(config)];
  if (config.proxy) lines.push(say('start.proxy', { proxy: config.proxy }));
  if (config.console.enabled) {
    lines.push(say('start.console', { url: `${base}/console` }));
    lines.push(say('start.dashboard', { url: `${base}/dashboard` }));
  }
  lines.push(say('start.health', { url: `${base}/health` }));
  if (config.console.enabled && config.console.password) lines.push(say('start.login'));
  if (!config.console.enabled) lines.push(say('start.consoleOff'));
  if (demoNow) {
    lines.push(say('start.demoNow', { at: localDateTime(demoNow) }));
  }
  return lines;
}

/** The platforms configured and how each reaches the bot; none is demo mode. */
function platformLine(config: Config): string {
  const list = config.platforms.map((platform) => platform.described);
  return list.length > 0 ? say('start.platforms', { list: list.join('、') }) : say('start.noPlatform');
}
