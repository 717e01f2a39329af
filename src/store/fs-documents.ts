// The document store as a directory (Node): DOCUMENTS_DIR, default ./data/documents. Each object is
// its bytes at <root>/<key> and its content type beside it in <key>.type; writes go to a temporary
// name first and are renamed, so a reader never sees half a file.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { checkKey, type DocumentStore } from './document-store.ts';

const TYPE_SUFFIX = '.type';

export function fsDocumentStore(root: string): DocumentStore {
  const pathOf = (key: string) => {
    checkKey(key);
    return join(root, ...key.split('/'));
  };
  return {
    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes);
      await writeFile(`${path}${TYPE_SUFFIX}`, contentType);
      await rename(temporary, path);
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const bytes = new Uint8Array(await readFile(path));
        const contentType = await readFile(`${path}${TYPE_SUFFIX}`, 'utf8').catch(
          () => 'application/octet-stream',
        );
        return { key, bytes, contentType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      await rm(`${path}${TYPE_SUFFIX}`, { force: true });
    },
    async list(prefix) {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return [];
          throw error;
        },
      );
      return entries
        .filter((e) => e.isFile() && !e.name.endsWith(TYPE_SUFFIX) && !e.name.endsWith('.tmp'))
        .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
  };
}
