// npm run bench: every benchmark, its figures and the ratio against the baseline measured in the same
// run, written to bench/RESULTS.md with the machine they ran on. Each benchmark runs in a process of
// its own, so none is measured in a heap the one before filled (the webhook bench's fake Open API keeps
// every reply; the status bench builds national rosters).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchConnections } from './connections.bench.ts';
import { benchFigures } from './figures.bench.ts';
import { benchPostgres } from './postgres.bench.ts';
import { benchStatus } from './status.bench.ts';
import { benchSubmissions } from './submissions.bench.ts';
import type { Section } from './support.ts';
import { benchSweep } from './sweep.bench.ts';
import { benchTwoInstances } from './two-instances.bench.ts';
import { benchUpload } from './upload.bench.ts';
import { benchWebhook } from './webhook.bench.ts';

const benches: Record<string, () => Promise<Section>> = {
  webhook: benchWebhook,
  connections: benchConnections,
  submissions: benchSubmissions,
  status: benchStatus,
  figures: benchFigures,
  sweep: benchSweep,
  postgres: benchPostgres,
  instances: benchTwoInstances,
  upload: benchUpload,
};
const [only, mode] = process.argv.slice(2);

if (only && mode === '--section') {
  // A child of the full run: the section as JSON on stdout.
  const run = benches[only];
  if (!run) throw new Error(`no benchmark named ${only}`);
  process.stdout.write(JSON.stringify(await run()));
} else if (only && mode === '--write') {
  // One section measured again and put in its place in RESULTS.md (its target row too); the others
  // keep the run they came from, which the file says.
  const run = benches[only];
  if (!run) throw new Error(`no benchmark named ${only}`);
  const section = await run();
  const path = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const day = new Date().toISOString().slice(0, 10);
  const heading = section.lines[0] ?? '';
  const body = [...section.lines, '', `(This section: \`npm run bench -- ${only} --write\` on ${day}.)`, ''];
  let text = readFileSync(path, 'utf8');
  const at = text.indexOf(heading);
  if (at >= 0) {
    const next = text.indexOf('\n### ', at + heading.length);
    text = `${text.slice(0, at)}${body.join('\n')}${next >= 0 ? text.slice(next + 1) : ''}`;
  } else {
    // A new section goes after the sections of the main run, before any run apart (## PostgreSQL…).
    const apart = text.indexOf('\n## ', text.indexOf('\n### '));
    text =
      apart >= 0
        ? `${text.slice(0, apart + 1)}${body.join('\n')}\n${text.slice(apart + 1)}`
        : `${text.trimEnd()}\n\n${body.join('\n')}`;
  }
  for (const t of section.targets) {
    const row = `| ${t.target} | ${t.figure} (${day}) | ${t.met ? 'yes' : 'no'} |`;
    const lines = text.split('\n');
    const old = lines.findIndex((l) => l.startsWith(`| ${t.target} |`));
    if (old >= 0) lines[old] = row;
    else {
      let last = lines.findIndex((l) => /^\|\s*target\s*\|/.test(l));
      while (last >= 0 && lines[last + 1]?.startsWith('|')) last++;
      lines.splice(last + 1, 0, row);
    }
    text = lines.join('\n');
  }
  writeFileSync(path, text);
  process.stdout.write(`${section.lines.join('\n')}\n`);
} else if (only) {
  const run = benches[only];
  if (!run) throw new Error(`no benchmark named ${only}; one of ${Object.keys(benches).join(', ')}`);
  process.stdout.write(`${(await run()).lines.join('\n')}\n`);
} else {
  const sections: Section[] = [];
  for (const name of Object.keys(benches)) {
    process.stderr.write(`running ${name}…\n`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), name, '--section'],
      { maxBuffer: 16 << 20 },
    );
    const section = JSON.parse(stdout) as Section;
    process.stdout.write(`${section.lines.join('\n')}\n\n`);
    sections.push(section);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  const report = [
    '# Benchmark results',
    '',
    `Machine: ${machine}. Each benchmark ran in a process of its own; the peak RSS each section gives is that process's, and the webhook section gives its serving processes' own peak (VmHWM).`,
    '',
    'Run with `npm run bench` (or `npm run bench -- <name>`: webhook, connections, submissions, status, figures, sweep, postgres, instances, upload; add `--write` to put that one section in this file).',
    '',
    '## Against the targets of issues 10, 22, 25 and 26 (this run)',
    '',
    '| target | this run | met |',
    '|---|---|---|',
    ...sections
      .flatMap((s) => s.targets)
      .map((t) => `| ${t.target} | ${t.figure} | ${t.met ? 'yes' : 'no'} |`),
    '',
    ...sections.flatMap((s) => [...s.lines, '']),
  ].join('\n');
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), report);
}
