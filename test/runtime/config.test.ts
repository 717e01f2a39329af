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
      config: {
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: 'file:./data/bangfu.db',
        documentsDir: './data/documents',
        logLevel: 'info',
        model: null,
        reminderSendAt: '09:00',
        escalation: { afterWorkdays: null, steps: ['county', 'lead'] },
        platforms: [],
        console: { enabled: true, password: null, demo: true },
        demoNow: null,
        proxy: null,
      },
    });
  });

  it('reads a complete Feishu configuration, with the public domain by default', () => {
    const result = readConfig({ ...FEISHU, PORT: '8080' });
    expect(result).toMatchObject({
      ok: true,
      config: {
        port: 8080,
        platforms: [
          { platform: 'feishu', settings: { appId: 'cli_a5fb0ae6a4', domain: 'https://open.feishu.cn' } },
        ],
      },
    });
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
    expect(errors[0]).toBe('配置错误：PORT 的值不可用（不是可用的数）。应为 1–65535 的端口号，默认 3000。');
    expect(errors.join('\n')).toContain(
      'FEISHU_APP_ID 的值不可用（格式不对）。应为飞书应用的 App ID（以 cli_ 开头）',
    );
    expect(errors.join('\n')).toContain('FEISHU_DOMAIN 的值不可用（格式不对）');
  });

  it('turns the console off with Feishu unless enabled, and then only with a password', () => {
    expect(readConfig(FEISHU)).toMatchObject({
      ok: true,
      config: { console: { enabled: false, demo: false } },
    });
    const noPassword = readConfig({ ...FEISHU, CONSOLE_ENABLED: 'true' });
    expect(noPassword.ok).toBe(false);
    expect(!noPassword.ok && noPassword.errors[0]).toContain('必须同时设置 CONSOLE_PASSWORD');
    expect(readConfig({ ...FEISHU, CONSOLE_ENABLED: 'true', CONSOLE_PASSWORD: 'long-enough' })).toMatchObject(
      {
        ok: true,
        config: { console: { enabled: true, password: 'long-enough', demo: false } },
      },
    );
    expect(readConfig({ CONSOLE_ENABLED: 'false' })).toMatchObject({
      ok: true,
      config: { console: { enabled: false } },
    });
    const short = readConfig({ CONSOLE_PASSWORD: 'short' });
    expect(!short.ok && short.errors[0]).toContain(
      'CONSOLE_PASSWORD 的值不可用（太短，至少8个字符）。应为8–200位的密码',
    );
  });

  it('reads the demo time in Beijing time, and refuses it outside demo mode', () => {
    const at = (text: string) => {
      const result = readConfig({ DEMO_NOW: text });
      return result.ok ? result.config.demoNow?.toISOString() : result.errors.join('');
    };
    expect(at('2023-03-27T10:00:00+08:00')).toBe('2023-03-27T02:00:00.000Z');
    expect(at('2023-03-24T09:30')).toBe('2023-03-24T01:30:00.000Z');
    expect(at('2023-03-24')).toBe('2023-03-24T02:00:00.000Z');
    expect(at('2023-02-30')).toContain('DEMO_NOW 的值不可用（格式不对）');
    expect(at('soon')).toContain('应为演示时间');
    const production = readConfig({ ...FEISHU, DEMO_NOW: '2023-03-24' });
    expect(!production.ok && production.errors[0]).toContain('生产环境不能调整时间');
  });
});

describe('reminder time', () => {
  it('is 09:00 by default and configurable within the office window', () => {
    expect(readConfig({ REMINDER_SEND_AT: '10:30' })).toMatchObject({
      ok: true,
      config: { reminderSendAt: '10:30' },
    });
    const late = readConfig({ REMINDER_SEND_AT: '19:00' });
    expect(!late.ok && late.errors[0]).toContain('REMINDER_SEND_AT 的值不可用（格式不对）');
  });
});

describe('escalation ladder', () => {
  it('is off by default, on with a number of workdays, and takes the steps named', () => {
    expect(readConfig({ ESCALATION_AFTER_WORKDAYS: '3' })).toMatchObject({
      ok: true,
      config: { escalation: { afterWorkdays: 3, steps: ['county', 'lead'] } },
    });
    expect(readConfig({ ESCALATION_AFTER_WORKDAYS: '2', ESCALATION_STEPS: 'lead' })).toMatchObject({
      ok: true,
      config: { escalation: { afterWorkdays: 2, steps: ['lead'] } },
    });
  });

  it('refuses a value it cannot use, naming the setting', () => {
    const zero = readConfig({ ESCALATION_AFTER_WORKDAYS: '0' });
    expect(!zero.ok && zero.errors[0]).toContain('ESCALATION_AFTER_WORKDAYS');
    const steps = readConfig({ ESCALATION_STEPS: 'county,phone' });
    expect(!steps.ok && steps.errors[0]).toContain('ESCALATION_STEPS 的值不可用');
  });
});

describe('DingTalk configuration', () => {
  const DINGTALK = {
    DINGTALK_APP_KEY: 'dingappkey',
    DINGTALK_APP_SECRET: 'ding-secret-123',
    DINGTALK_ROBOT_CODE: 'dingrobot',
  };

  it('reads DingTalk credentials, turning the demo console off', () => {
    const result = readConfig(DINGTALK);
    expect(result).toMatchObject({
      ok: true,
      config: {
        platforms: [
          {
            platform: 'dingtalk',
            settings: { appKey: 'dingappkey', baseUrl: 'https://api.dingtalk.com', cardTemplateId: null },
          },
        ],
        console: { enabled: false },
      },
    });
  });

  it('refuses a card template without the callback token that authenticates its callbacks', () => {
    const result = readConfig({ ...DINGTALK, DINGTALK_CARD_TEMPLATE_ID: 'tpl-bangfu-generic.schema' });
    // Over HTTP a template needs both its callback token and its route key (either missing is named).
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([expect.stringContaining('DINGTALK_CARD_CALLBACK_TOKEN')]),
    );
    const badKey = readConfig({ ...DINGTALK, DINGTALK_CARD_CALLBACK_ROUTE_KEY: 'x'.repeat(65) });
    expect(!badKey.ok && badKey.errors[0]).toContain('DINGTALK_CARD_CALLBACK_ROUTE_KEY');
  });

  it('names the registered callbackRouteKey on every card it creates', async () => {
    const { composeChannels } = await import('../../src/runtime/compose.ts');
    const { demoStore } = await import('../support/demo-store.ts');
    const { CREATE_AND_DELIVER_PATH, startFakeDingtalk } = await import('../support/fake-dingtalk.ts');
    const pino = (await import('pino')).default;
    const fake = await startFakeDingtalk();
    const { store, db } = await demoStore();
    try {
      const configured = readConfig({
        DINGTALK_APP_KEY: fake.appKey,
        DINGTALK_APP_SECRET: fake.appSecret,
        DINGTALK_ROBOT_CODE: 'dingrobot',
        DINGTALK_CARD_TEMPLATE_ID: 'tpl-bangfu-generic.schema',
        DINGTALK_CARD_CALLBACK_TOKEN: 'card-callback-token-0123456789',
        DINGTALK_CARD_CALLBACK_ROUTE_KEY: 'bangfu_card',
        DINGTALK_BASE_URL: fake.url,
        DINGTALK_OAPI_BASE_URL: fake.url,
      });
      if (!configured.ok) throw new Error(configured.errors.join());
      const runtime = { store, now: () => new Date(), logger: pino({ level: 'silent' }) };
      const { messenger } = composeChannels(configured.config, runtime);
      const card = {
        title: '提醒',
        tone: 'warning' as const,
        blocks: [
          {
            kind: 'buttons' as const,
            buttons: [{ label: '填报附件2', style: 'primary' as const, action: { op: 'open', l: 'a2' } }],
          },
        ],
      };
      await messenger.send(
        { kind: 'user', platform: 'dingtalk', userId: 'staff_1' },
        { kind: 'card', card },
        'route-key',
      );
      const created = fake.requestsTo(CREATE_AND_DELIVER_PATH);
      expect(created).toHaveLength(1);
      expect(created[0]?.body).toMatchObject({ callbackType: 'HTTP', callbackRouteKey: 'bangfu_card' });
    } finally {
      await fake.close();
      await store.close();
      await db.cleanup();
    }
  });

  it('names each missing DingTalk value when only some are set', () => {
    const result = readConfig({ DINGTALK_APP_KEY: 'dingappkey' });
    expect(!result.ok && result.errors).toEqual([
      expect.stringContaining('缺少 DINGTALK_APP_SECRET'),
      expect.stringContaining('缺少 DINGTALK_ROBOT_CODE'),
    ]);
  });

  it('mounts the DingTalk routes only when configured', async () => {
    const { composeApp, composeChannels } = await import('../../src/runtime/compose.ts');
    const { demoStore } = await import('../support/demo-store.ts');
    const pino = (await import('pino')).default;
    const { store, db } = await demoStore();
    try {
      for (const env of [DINGTALK, {}]) {
        const configured = readConfig({ ...env, CONSOLE_ENABLED: 'false' });
        if (!configured.ok) throw new Error(configured.errors.join());
        const runtime = {
          store,
          now: () => new Date(),
          logger: pino({ level: 'silent' }),
          defer: () => undefined,
          worker: 't',
          version: 't',
        };
        const app = composeApp(configured.config, runtime, composeChannels(configured.config, runtime));
        const response = await app.request('/webhooks/dingtalk', {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
        expect(response.status).toBe(env === DINGTALK ? 401 : 404);
      }
    } finally {
      await store.close();
      await db.cleanup();
    }
  });
});
