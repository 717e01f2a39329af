// say() is typed by src/prompt-keys.ts, generated from the prompts: a prompt added, removed or given
// a new placeholder without regenerating it would let the typecheck pass on stale keys.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { promptKeysSource } from '../../scripts/prompt-types.ts';
import { root } from '../support/demo-store.ts';

it('src/prompt-keys.ts matches prompts/zh-CN.json (npx tsx scripts/prompt-types.ts)', () => {
  const generated = promptKeysSource(readFileSync(root('prompts/zh-CN.json'), 'utf8'));
  expect(readFileSync(root('src/prompt-keys.ts'), 'utf8')).toBe(generated);
});
