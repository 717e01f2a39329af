// An event larger than one frame arrives in parts (headers message_id, sum, seq): kept until all are
// in, then joined. Parts of an event that never completes are forgotten after `maxAgeMs` (the SDK's 10 s).

export interface Fragments {
  /** The whole payload once every part of `messageId` is in, else undefined. Throws on a bad sum/seq. */
  add(messageId: string, sum: number, seq: number, part: Uint8Array): Uint8Array | undefined;
}

export function createFragments(now: () => number, maxAgeMs = 10_000): Fragments {
  const pending = new Map<string, { parts: (Uint8Array | undefined)[]; at: number }>();
  return {
    add(messageId, sum, seq, part) {
      if (!Number.isInteger(sum) || sum < 1 || sum > 1000 || !Number.isInteger(seq) || seq < 0 || seq >= sum)
        throw new Error(`bad fragment: sum ${sum}, seq ${seq}`);
      if (sum === 1) return part;
      for (const [id, entry] of pending) if (now() - entry.at > maxAgeMs) pending.delete(id);
      const entry = pending.get(messageId) ?? { parts: new Array<Uint8Array | undefined>(sum), at: now() };
      if (entry.parts.length !== sum) throw new Error(`bad fragment: sum ${sum} after ${entry.parts.length}`);
      entry.parts[seq] = part;
      pending.set(messageId, entry);
      if (entry.parts.some((p) => p === undefined)) return undefined;
      pending.delete(messageId);
      return Buffer.concat(entry.parts as Uint8Array[]);
    },
  };
}
