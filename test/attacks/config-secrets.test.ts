// Finding 6: a start-up error echoed the invalid value (up to 40 characters) — for CONSOLE_PASSWORD,
// FEISHU_APP_SECRET and DINGTALK_CARD_CALLBACK_TOKEN too, into a terminal, a CI log or `wrangler tail`.
// Each error now names the variable and what is wrong with it, never the value.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/runtime/config.ts';
import { tempDb } from '../support/demo-store.ts';
import { startServer } from '../support/server.ts';

// Each one character short of (or not shaped as) what its variable needs.
const SECRETS = {
  CONSOLE_PASSWORD: 'hunter2',
  FEISHU_APP_SECRET: 'sec-123',
  DINGTALK_CARD_CALLBACK_TOKEN: 'tok-0123456789a',
};
const OTHERS = {
  FEISHU_APP_ID: 'cli_a5fb0ae6a4',
  FEISHU_ENCRYPT_KEY: 'encrypt-key-value',
  FEISHU_VERIFICATION_TOKEN: 'verification-token-value',
  DINGTALK_APP_KEY: 'ding-app-key',
  DINGTALK_APP_SECRET: 'ding-app-secret-value',
  DINGTALK_ROBOT_CODE: 'robot-code',
  CONSOLE_ENABLED: 'maybe',
};

describe('start-up with invalid secrets', () => {
  it('names each variable and what is wrong, and prints no value (npm start refuses)', async () => {
    const db = await tempDb();
    try {
      const failed = await startServer({ DATABASE_URL: db.url, ...OTHERS, ...SECRETS }).then(
        () => '',
        (error: Error) => error.message,
      );
      expect(failed).toContain('启动失败');
      expect(failed).toContain('CONSOLE_PASSWORD 的值不可用（太短，至少8个字符）');
      expect(failed).toContain('FEISHU_APP_SECRET 的值不可用（太短，至少8个字符）');
      expect(failed).toContain('DINGTALK_CARD_CALLBACK_TOKEN 的值不可用（太短，至少16个字符）');
      expect(failed).toContain('CONSOLE_ENABLED 的值不可用（不是可选的值）');
      for (const value of [...Object.values(SECRETS), ...Object.values(OTHERS)])
        expect(failed).not.toContain(value);
    } finally {
      await db.cleanup();
    }
  }, 60_000);

  it('a value in the wrong shape is not quoted either (the Worker logs these errors too)', () => {
    const result = readConfig({ FEISHU_APP_ID: 'app-id-not-cli', FEISHU_DOMAIN: 'ftp://internal.example' });
    const errors = result.ok ? [] : result.errors.join('\n');
    expect(errors).toContain('FEISHU_APP_ID 的值不可用（格式不对）。应为飞书应用的 App ID（以 cli_ 开头）');
    expect(errors).toContain('FEISHU_DOMAIN 的值不可用（格式不对）');
    expect(errors).not.toContain('app-id-not-cli');
    expect(errors).not.toContain('internal.example');
  });
});
