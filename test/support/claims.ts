import type { PendingMessage } from '../../src/conversation/model.ts';
// A de-duplication store for channel tests: first claim of a key wins, and it can be taken down.
export function claimStore() {
  const claimed = new Set<string>();
  let up = true;
  return {
    claim: async (key: string) => {
      if (!up) throw new Error('database locked');
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    },
    setUp(value: boolean) {
      up = value;
    },
  };
}

/** The channel's side of the inbox over `claim`: a message is kept with its first claim and handed to
 *  `answer` when the intake says it was received, as app/inbox.ts does over the store. */
export function keptMessages(
  claim: (key: string) => Promise<boolean>,
  answer: (message: PendingMessage) => Promise<unknown>,
  defer: (work: Promise<unknown>) => void,
) {
  const kept = new Map<string, PendingMessage>();
  return {
    claim: async (key: string, message?: PendingMessage) => {
      const first = await claim(key);
      if (first && message) kept.set(key, message);
      return first;
    },
    received: (key: string) => {
      const message = kept.get(key);
      if (message) defer(answer(message));
    },
  };
}
