// The one DocumentStore interface over its two implementations: a real directory, and the R2 store
// over an in-memory bucket shaped like R2Bucket (put/get/delete/list with cursors).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../../src/store/document-store.ts';
import { fsDocumentStore } from '../../src/store/fs-documents.ts';
import { type R2BucketLike, r2DocumentStore } from '../../src/store/r2-documents.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An R2 bucket in memory, listing two keys a page as R2 lists up to 1000, to exercise the cursor. */
function memoryBucket(): R2BucketLike {
  const objects = new Map<string, { bytes: Uint8Array; contentType?: string }>();
  return {
    async put(key, value, options) {
      const view =
        value instanceof ArrayBuffer
          ? new Uint8Array(value)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      objects.set(key, { bytes: view.slice(), contentType: options?.httpMetadata?.contentType });
    },
    async get(key) {
      const object = objects.get(key);
      if (!object) return null;
      return {
        arrayBuffer: async () => object.bytes.slice().buffer,
        httpMetadata: object.contentType ? { contentType: object.contentType } : {},
      };
    },
    async delete(key) {
      objects.delete(key);
    },
    async list(options) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(options?.prefix ?? '')).sort();
      const start = Number(options?.cursor ?? 0);
      const page = keys.slice(start, start + 2);
      const truncated = start + 2 < keys.length;
      return {
        objects: page.map((key) => ({ key })),
        truncated,
        ...(truncated ? { cursor: String(start + 2) } : {}),
      };
    },
  };
}

const stores: [string, () => DocumentStore][] = [
  [
    'directory',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'bangfu-docs-'));
      dirs.push(dir);
      return fsDocumentStore(join(dir, 'documents'));
    },
  ],
  ['R2', () => r2DocumentStore(memoryBucket())],
];

describe.each(stores)('the %s document store', (_name, open) => {
  it('puts, gets, lists by prefix and deletes', async () => {
    const store = open();
    const pdf = new TextEncoder().encode('%PDF-1.4 scan');
    expect(await store.list('documents/')).toEqual([]);
    expect(await store.get('documents/2023/c1/annual_plan/a.pdf')).toBeNull();
    await store.put('documents/2023/c1/annual_plan/a.pdf', pdf, 'application/pdf');
    await store.put('documents/2023/c1/visit_report/b.pdf', pdf, 'application/pdf');
    await store.put('documents/2023/c2/annual_plan/c.png', new Uint8Array([0x89, 0x50]), 'image/png');
    await store.put('pending/x.xlsx', new Uint8Array([0x50, 0x4b]), 'application/zip');
    expect(await store.get('documents/2023/c1/annual_plan/a.pdf')).toEqual({
      key: 'documents/2023/c1/annual_plan/a.pdf',
      bytes: pdf,
      contentType: 'application/pdf',
    });
    expect(await store.list('documents/2023/c1/')).toEqual([
      'documents/2023/c1/annual_plan/a.pdf',
      'documents/2023/c1/visit_report/b.pdf',
    ]);
    expect(await store.list('documents/')).toHaveLength(3);
    await store.delete('pending/x.xlsx');
    expect(await store.list('pending/')).toEqual([]);
    expect(await store.get('pending/x.xlsx')).toBeNull();
  });

  it('refuses keys that could leave its root', async () => {
    const store = open();
    for (const key of ['../etc/passwd', 'documents/../../x', '/abs', 'a//b', 'a/b c'])
      await expect(store.put(key, new Uint8Array([1]), 'text/plain')).rejects.toThrow('invalid document key');
  });
});
