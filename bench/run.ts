// npm run bench: every benchmark, its figures and the ratio against the baseline measured in the same
// run, written to bench/RESULTS.md with the machine they ran on.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchStatus } from './status.bench.ts';
import { benchSubmissions } from './submissions.bench.ts';
import { rssMb, type Section, type Target } from './support.ts';
import { benchSweep } from './sweep.bench.ts';
import { benchWebhook } from './webhook.bench.ts';

const only = process.argv[2];
const sections: string[][] = [];
const targets: Target[] = [];
const benches: [string, () => Promise<Section>][] = [
  ['webhook', benchWebhook],
  ['submissions', benchSubmissions],
  ['status', benchStatus],
  ['sweep', benchSweep],
];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  process.stderr.write(`running ${name}…\n`);
  const section = await run();
  process.stdout.write(`${section.lines.join('\n')}\n\n`);
  sections.push(section.lines);
  targets.push(...section.targets);
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const report = [
  '# Benchmark results',
  '',
  `Machine: ${machine}. Peak RSS of the benchmark process (every generated roster, the fake Open API): ${rssMb()} MB; the webhook section gives its serving processes' own peak (VmHWM).`,
  '',
  'Run with `npm run bench` (or `npm run bench -- <name>`).',
  '',
  '## Against the targets of issue 10 (this run)',
  '',
  '| target | this run | met |',
  '|---|---|---|',
  ...targets.map((t) => `| ${t.target} | ${t.figure} | ${t.met ? 'yes' : 'no'} |`),
  '',
  ...sections.flatMap((s) => [...s, '']),
].join('\n');
if (!only) writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), report);
