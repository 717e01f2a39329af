// A quarter-end burst: every county submits every quarterly ledger it owes, three revisions each,
// through the same path as chat (validation, scope, rules, append-only revision) — against the bare
// append of the same revisions without any checks, in the same run.
import { submitSheet } from '../src/app/submit.ts';
import { counties } from '../src/domain/roster.ts';
import { appendRevision } from '../src/store/revisions-repo.ts';
import { generatedRoster, ms, percentile, rssMb, type Section, tempStore } from './support.ts';

const A2 = (n: number) => ({
  reporter: '填报人 13900000000',
  rows: [
    {
      省直定点帮扶单位: '牵头单位',
      主要负责同志: n,
      处级: n,
      科级以下: n,
      选派挂职干部: n,
      计划投入帮扶资金: '100',
      实际投入帮扶资金: String(10 * n),
      实施帮扶项目: n,
      计划帮助引进资金: '50',
      实际帮助引进资金: String(n),
      实际帮助引进项目: n,
      计划开展各类培训: 100,
      实际开展各类培训: 5 * n,
      专业技术人员: n,
      农村致富带头人: n,
      农业实用技术: n,
      劳务就业培训: n,
      其他: n,
      计划购买农副产品: '20',
      实际购买农副产品: String(n),
      计划帮助销售农副产品: '40',
      实际帮助销售农副产品: String(2 * n),
    },
  ],
});

async function burst(size: number) {
  const roster = generatedRoster(size);
  const { store, cleanup } = await tempStore(roster);
  const contactOf = (countyId: string) => roster.contacts.find((c) => c.unitId === countyId)?.id ?? '';
  const jobs = counties(roster).flatMap((county) => [1, 2, 3].map((n) => ({ as: contactOf(county.id), n })));
  const now = new Date('2023-03-30T02:00:00Z');
  const latencies: number[] = [];
  const start = performance.now();
  // Eight at a time, as replies to card callbacks would arrive.
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const t = performance.now();
        const outcome = await submitSheet(
          store,
          { as: job.as, ledger: 'a2', period: '2023Q1', body: A2(job.n) },
          'card',
          now,
        );
        if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome).slice(0, 300));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const baselineStart = performance.now();
  for (const [i, county] of counties(roster).entries()) {
    for (let revision = 1; revision <= 3; revision++) {
      await appendRevision(
        store,
        {
          form: 'a2',
          period: '2023Q2',
          countyId: county.id,
          contactId: 'c',
          unitId: county.id,
          source: 'cli',
          submittedAt: now.toISOString(),
          header: { reporter: 'r', findings: [] },
          rows: [{ key: `#${i}`, values: { n: revision } }],
        },
        revision,
      );
    }
  }
  const baselineSeconds = (performance.now() - baselineStart) / 1000;
  await cleanup();
  latencies.sort((a, b) => a - b);
  return {
    submissions: jobs.length,
    perSecond: jobs.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    baselinePerSecond: jobs.length / baselineSeconds,
  };
}

export async function benchSubmissions(): Promise<Section> {
  const hubei = await burst(37);
  const national = await burst(832);
  const row = (name: string, r: Awaited<ReturnType<typeof burst>>) =>
    `| ${name} | ${r.submissions} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.baselinePerSecond.toFixed(0)} | ${(r.perSecond / r.baselinePerSecond).toFixed(2)} |`;
  const lines = [
    `### Card submissions at quarter end`,
    ``,
    `附件2 for every county, three revisions each, eight in flight, through \`submitSheet\` (the path of cards, Excel and the CLI: parse, scope, rules R1–R6 against the stored previous quarter and last year, one-statement append). Baseline: appending the same number of revisions with no checks. Peak RSS so far: ${rssMb()} MB.`,
    ``,
    `| roster | submissions | per second | p50 | p99 | baseline per second | ratio |`,
    `|---|---|---|---|---|---|---|`,
    row('37 counties', hubei),
    row('832 counties', national),
  ];
  return { lines, targets: [] };
}
