// Where the bytes of received files live, behind one interface: a directory on Node (fs-documents.ts),
// an R2 bucket on Workers (r2-documents.ts). The facts about each file (who, when, which document)
// are rows in SQL (documents-repo.ts); this store only keeps bytes by key.

export interface StoredObject {
  key: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface DocumentStore {
  /** Writes (or overwrites) the object at key. Keys are "/"-separated, of [\w.-] segments. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix ("documents/2023/county-xxx/"), sorted. */
  list(prefix: string): Promise<string[]>;
}

/** Refuses keys that could leave the store's root (a directory implementation joins them to a path). */
export function checkKey(key: string): void {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(key) || key.split('/').some((s) => s === '.' || s === '..'))
    throw new Error(`invalid document key: ${key.slice(0, 80)}`);
}
