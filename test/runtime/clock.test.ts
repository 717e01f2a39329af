import { describe, expect, it } from 'vitest';
import { createDemoClock } from '../../src/runtime/clock.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { startupLines } from '../../src/runtime/startup.ts';

describe('the demo clock', () => {
  it('starts at the demo time and runs on at real speed; set and reset move it', () => {
    let real = Date.parse('2026-11-29T00:00:00Z');
    const clock = createDemoClock(new Date('2023-03-27T02:00:00Z'), () => real);
    expect(clock.now().toISOString()).toBe('2023-03-27T02:00:00.000Z');
    expect(clock.moved()).toBe(true);
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2023-03-27T02:01:30.000Z');
    clock.set(new Date('2023-03-24T01:30:00Z'));
    expect(clock.now().toISOString()).toBe('2023-03-24T01:30:00.000Z');
    clock.reset();
    expect(clock.now().getTime()).toBe(real);
    expect(clock.moved()).toBe(false);
  });
});

describe('what npm start prints', () => {
  const config = (env: Record<string, string>) => {
    const result = readConfig(env);
    if (!result.ok) throw new Error(result.errors.join());
    return result.config;
  };

  it('names the console, dashboard and health addresses a browser on this machine opens', () => {
    const lines = startupLines(config({}), 3000, new Date('2023-03-27T02:00:00Z'));
    expect(lines).toContain('  对话控制台  http://127.0.0.1:3000/console');
    expect(lines).toContain('  报送进度看板  http://127.0.0.1:3000/dashboard');
    expect(lines).toContain('  健康检查  http://127.0.0.1:3000/health');
    expect(lines.join('\n')).toContain('演示时间：2023-03-27 10:00');
  });

  it('says how to turn the console on when Feishu is configured', () => {
    const lines = startupLines(
      config({
        FEISHU_APP_ID: 'cli_a5fb0ae6a4',
        FEISHU_APP_SECRET: 'secret-123456',
        FEISHU_ENCRYPT_KEY: 'ek',
        FEISHU_VERIFICATION_TOKEN: 'vt',
        HOST: '10.0.0.5',
      }),
      8080,
      null,
    );
    expect(lines.join('\n')).not.toContain('/console ');
    expect(lines).toContain('  健康检查  http://10.0.0.5:8080/health');
    expect(lines.join('\n')).toContain('CONSOLE_ENABLED=true');
  });
});
