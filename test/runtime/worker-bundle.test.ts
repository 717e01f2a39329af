// `wrangler deploy --dry-run` builds the Worker from wrangler.toml, and the bundle holds none of the
// Node-only parts: better-sqlite3, node-cron, pino and the Node server stay with the Node entry, and no
// source file of ours reads the file system there.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/demo-store.ts';

interface Metafile {
  inputs: Record<string, { imports: { path: string; original?: string }[] }>;
  outputs: Record<string, { bytes: number }>;
}

const out = mkdtempSync(join(tmpdir(), 'bangfu-worker-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the Worker bundle', () => {
  it('builds with wrangler and leaves the Node-only modules out', async () => {
    await promisify(execFile)(
      root('node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')],
      {
        cwd: root(''),
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      },
    );
    expect(existsSync(join(out, 'worker.js'))).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Metafile;
    const inputs = Object.keys(meta.inputs);
    // The Lark SDK too: the Open API client is ours over fetch (README: "Node.js compatibility").
    const nodeOnlyModules = ['better-sqlite3', 'node-cron', 'pino', '@hono/node-server', 'thread-stream'];
    for (const nodeOnly of [...nodeOnlyModules, '@larksuiteoapi/node-sdk']) {
      expect(inputs.filter((i) => i.includes(`node_modules/${nodeOnly}/`))).toEqual([]);
    }
    const ours = inputs.filter((i) => i.startsWith('src/'));
    expect(ours).toContain('src/runtime/worker.ts');
    expect(ours).toContain('src/store/d1.ts');
    for (const file of ['src/runtime/node.ts', 'src/store/sqlite.ts', 'src/store/migrate.ts']) {
      expect(ours).not.toContain(file);
    }
    const fsUsers = ours.filter((file) =>
      meta.inputs[file]?.imports.some((i) => /^(node:)?fs(\/promises)?$/.test(i.original ?? i.path)),
    );
    expect(fsUsers).toEqual([]);
  }, 120_000);
});
