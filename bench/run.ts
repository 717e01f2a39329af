// npm run bench: every benchmark, its figures and the ratio against the baseline measured in the same
// run, written to bench/RESULTS.md with the machine they ran on. Each benchmark runs in a process of
// its own, so none is measured in a heap the one before filled (the webhook bench's fake Open API keeps
// every reply; the status bench builds national rosters).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchStatus } from './status.bench.ts';
import { benchSubmissions } from './submissions.bench.ts';
import type { Section } from './support.ts';
import { benchSweep } from './sweep.bench.ts';
import { benchUpload } from './upload.bench.ts';
import { benchWebhook } from './webhook.bench.ts';

const benches: Record<string, () => Promise<Section>> = {
  webhook: benchWebhook,
  submissions: benchSubmissions,
  status: benchStatus,
  sweep: benchSweep,
  upload: benchUpload,
};
const [only, mode] = process.argv.slice(2);

if (only && mode === '--section') {
  // A child of the full run: the section as JSON on stdout.
  const run = benches[only];
  if (!run) throw new Error(`no benchmark named ${only}`);
  process.stdout.write(JSON.stringify(await run()));
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
    'Run with `npm run bench` (or `npm run bench -- <name>`: webhook, submissions, status, sweep, upload).',
    '',
    '## Against the targets of issues 10 and 22 (this run)',
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
