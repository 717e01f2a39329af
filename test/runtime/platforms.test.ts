// The channel contract as the runtime uses it: compose wires exactly the platforms the configuration
// turns on, by iterating runtime/platforms.ts — each one's client, directory, file source and webhook
// routes, and nothing of a platform left off. Every listed platform must have a configuration here, so
// a new line in the list is covered by this test.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, composeChannels, type Runtime } from '../../src/runtime/compose.ts';
import { readConfig } from '../../src/runtime/config.ts';
import { PLATFORMS } from '../../src/runtime/platforms.ts';
import { demoStore } from '../support/demo-store.ts';

const NOW = new Date('2023-03-27T02:00:00Z');

/** Each platform turned on for webhooks, and the path its platform posts to. */
const TURNED_ON: Record<string, { env: Record<string, string>; webhook: string }> = {
  feishu: {
    env: {
      FEISHU_APP_ID: 'cli_contract0000000001',
      FEISHU_APP_SECRET: 'feishu-contract-secret',
      FEISHU_ENCRYPT_KEY: 'feishu-contract-encrypt-key',
      FEISHU_VERIFICATION_TOKEN: 'feishu-contract-token',
    },
    webhook: '/webhooks/feishu',
  },
  dingtalk: {
    env: {
      DINGTALK_APP_KEY: 'dingcontractkey',
      DINGTALK_APP_SECRET: 'dingtalk-contract-secret',
      DINGTALK_ROBOT_CODE: 'dingcontractkey',
    },
    webhook: '/webhooks/dingtalk',
  },
};

/** Every subset of the listed platforms, the empty one (demo mode) included. */
function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) all.push(...all.map((subset) => [...subset, item]));
  return all;
}

describe('the platform list', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('has a configuration in this test for every platform it lists', () => {
    expect(PLATFORMS.map((p) => p.platform).sort()).toEqual(Object.keys(TURNED_ON).sort());
  });

  const names = PLATFORMS.map((p) => p.platform);
  it.each(subsets(names).map((on) => [on.join('+') || 'none', on] as const))(
    'composes exactly the platforms turned on: %s',
    async (_label, on) => {
      const { store, db } = await demoStore();
      cleanups.push(async () => {
        await store.close();
        db.cleanup();
      });
      const configured = readConfig(Object.assign({}, ...on.map((name) => TURNED_ON[name]?.env)));
      if (!configured.ok) throw new Error(configured.errors.join('\n'));
      const runtime: Runtime = {
        store,
        now: () => NOW,
        logger: pino({ level: 'silent' }),
        defer: () => {},
        worker: 'contract',
        version: 'test',
      };
      const channels = composeChannels(configured.config, runtime);
      expect(channels.platforms.map((p) => p.platform)).toEqual(on);
      expect(Object.keys(channels.bot.directories ?? {}).sort()).toEqual([...on].sort());
      expect(Object.keys(channels.bot.files ?? {}).sort()).toEqual([...on].sort());

      const app = composeApp(configured.config, runtime, channels);
      for (const name of names) {
        const path = TURNED_ON[name]?.webhook ?? '';
        // An unsigned, empty request: refused by a mounted route (4xx), unknown when not mounted.
        const answer = await app.request(path, { method: 'POST', body: '{}' });
        if (on.includes(name)) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).not.toBe(404);
        } else {
          expect(answer.status).toBe(404);
          // Nor can the bot send there.
          await expect(
            channels.messenger.send(
              { kind: 'user', platform: name as 'feishu' | 'dingtalk', userId: 'someone' },
              { kind: 'text', text: '你好' },
              'contract',
            ),
          ).rejects.toThrow(`no channel for platform ${name}`);
        }
      }
    },
  );
});
