import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/runtime/config.ts';

const FEISHU = {
  FEISHU_APP_ID: 'cli_a5fb0ae6a4',
  FEISHU_APP_SECRET: 'secret-123456',
  FEISHU_ENCRYPT_KEY: 'ek',
  FEISHU_VERIFICATION_TOKEN: 'vt',
};

describe('configuration from the environment', () => {
  it('has working defaults and no Feishu without credentials', () => {
    expect(readConfig({})).toEqual({
      ok: true,
      config: { port: 3000, host: '0.0.0.0', databaseUrl: 'file:./data/bangfu.db', logLevel: 'info', feishu: null },
    });
  });

  it('reads a complete Feishu configuration, with the public domain by default', () => {
    const result = readConfig({ ...FEISHU, PORT: '8080' });
    expect(result).toMatchObject({ ok: true, config: { port: 8080, feishu: { appId: 'cli_a5fb0ae6a4', domain: 'https://open.feishu.cn' } } });
  });

  it('names each missing Feishu value when only some are set', () => {
    const result = readConfig({ FEISHU_APP_ID: 'cli_x1', FEISHU_APP_SECRET: 'secret-123456' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.stringContaining('缺少 FEISHU_ENCRYPT_KEY'),
      expect.stringContaining('缺少 FEISHU_VERIFICATION_TOKEN'),
    ]);
  });

  it('explains a malformed value in Chinese, naming the variable', () => {
    const result = readConfig({ PORT: 'eighty', ...FEISHU, FEISHU_APP_ID: 'app', FEISHU_DOMAIN: 'ftp://x' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe('配置错误：PORT=“eighty”不可用。应为 1–65535 的端口号，默认 3000。');
    expect(errors.join('\n')).toContain('FEISHU_APP_ID=“app”不可用。应为飞书应用的 App ID（以 cli_ 开头）');
    expect(errors.join('\n')).toContain('FEISHU_DOMAIN=“ftp://x”不可用');
  });
});
