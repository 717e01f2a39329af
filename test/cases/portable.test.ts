// The case files must load inside workerd as well as Node (harness.ts): follows every runtime import of
// test/cases/*.ts and test/cases/views/*.ts through the source tree and refuses Node-only modules.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const FORBIDDEN = [
  /^node:/,
  /^better-sqlite3$/,
  /^@hono\/node-server/,
  /^(fs|path|os|crypto|child_process|net|http)$/,
];

/** Runtime import specifiers of a file (`import type` and `export type` are erased, so skipped). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
    if (!match[2] && match[3]) found.push(match[3]);
  }
  for (const match of source.matchAll(/^\s*import\s+'([^']+)'/gm)) if (match[1]) found.push(match[1]);
  return found;
}

/** Every file reached from `entry`, with the bare or forbidden specifiers met on the way. */
function reach(entry: string): { files: string[]; offending: string[] } {
  const seen = new Set<string>();
  const offending: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      const from = relative(root, file);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (relative(root, target).startsWith(join('test', 'support')))
          offending.push(`${from} → ${specifier}`);
        else visit(target);
      } else if (FORBIDDEN.some((f) => f.test(specifier))) offending.push(`${from} → ${specifier}`);
    }
  };
  visit(entry);
  return { files: [...seen], offending };
}

const caseFiles = [
  ...readdirSync(here)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(here, f)),
  ...readdirSync(join(here, 'views')).map((f) => join(here, 'views', f)),
];

describe('the shared case files are runtime-free', () => {
  it.each(caseFiles.map((f) => [relative(root, f), f]))('%s imports nothing Node-only', (_name, file) => {
    const { files, offending } = reach(file);
    expect(files.length).toBeGreaterThan(0);
    expect(offending).toEqual([]);
  });

  it('would notice a Node-only import (the checker itself)', () => {
    const { offending } = reach(join(here, 'harness', 'feishu-node.ts'));
    expect(offending.some((o) => o.endsWith('@hono/node-server'))).toBe(true);
    expect(offending.some((o) => o.includes('support/demo-store.ts'))).toBe(true);
  });
});
