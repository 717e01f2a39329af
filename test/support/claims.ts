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
