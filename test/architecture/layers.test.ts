// The layers hold: no import cycles in src/, and the linter refuses an import that reaches up a
// layer (checked by linting a probe file under each layer's path, as biome would lint a real one).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/demo-store.ts';
import { cycles, importGraph } from './import-graph.ts';

/** Lints a probe file placed in the layer's folder (biome's overrides go by path), then removes it. */
function lint(path: string, source: string): { code: number | null; output: string } {
  const probe = join(dirname(path), `probe-${randomUUID().slice(0, 8)}.ts`);
  writeFileSync(root(probe), source);
  try {
    const result = spawnSync(root('node_modules/.bin/biome'), ['lint', probe], {
      cwd: root('.'),
      encoding: 'utf8',
    });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(root(probe), { force: true });
  }
}

describe('the layers', () => {
  it('have no import cycles', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it.each([
    [
      'src/store/probe.ts',
      "import { dispatch } from '../bot/dispatch.ts';",
      'the store imports only the domain',
    ],
    ['src/domain/probe.ts', "import { say } from '../prompts.ts';", 'domain is pure'],
    ['src/app/probe.ts', "import { respond } from '../bot/chat/respond.ts';", 'nothing above it'],
    [
      'src/bot/probe.ts',
      "import { feishuWebhook } from '../channels/feishu/index.ts';",
      'does not know channels',
    ],
    ['src/channels/probe.ts', "import { loadRoster } from '../store/roster-repo.ts';", 'nothing of ledgers'],
    [
      'src/conversation/probe.ts',
      "import { OBLIGATIONS } from '../domain/calendar.ts';",
      'imports nothing of the app',
    ],
  ])('refuse an upward import in %s', (path, line, why) => {
    const refused = lint(path, `${line}\nexport const probe = [${line.match(/\{ (\w+) \}/)?.[1]}];\n`);
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toContain(why);
  });

  it('allow an import downwards', () => {
    const allowed = lint(
      'src/bot/probe.ts',
      "import { loadRoster } from '../store/roster-repo.ts';\nexport const probe = [loadRoster];\n",
    );
    expect(allowed.code, allowed.output).toBe(0);
  });
});
