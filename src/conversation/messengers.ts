// One Messenger over several platforms: each recipient goes to its platform's channel.
import type { Messenger, Platform } from './model.ts';

export function routeMessengers(byPlatform: Partial<Record<Platform, Messenger>>): Messenger {
  return {
    async send(to, reply, key) {
      const messenger = byPlatform[to.platform];
      if (!messenger) throw new Error(`no channel for platform ${to.platform}`);
      return messenger.send(to, reply, key);
    },
  };
}
