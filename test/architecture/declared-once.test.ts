// Ledger facts are declared once, in src/domain/ledgers/: nothing else names a ledger by its id or
// compares attachment numbers (a flag on the declaration says what the comparison meant).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { root } from '../support/demo-store.ts';

const LEDGER_FACT = /'a[1-7]'|attachment *[<>]=?/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

it('no ledger id or attachment comparison outside the declarations', () => {
  const found = files(root('src'))
    .filter((file) => !file.startsWith(root('src/domain/ledgers/')))
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          LEDGER_FACT.test(line) ? [`${relative(root('.'), file)}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
  expect(found).toEqual([]);
});
