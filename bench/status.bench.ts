// "谁还没报", progress and summary at national scale (832 counties × every ledger × 4 quarters × 3
// revisions) against the same questions over Hubei's 37 counties, in one run.
import { statusReport } from '../src/app/status.ts';
import { counties, type Roster } from '../src/domain/roster.ts';
import { appendRevision } from '../src/store/revisions-repo.ts';
import {
  type Engine,
  generatedRoster,
  ms,
  rssMb,
  type Section,
  sqliteEngine,
  type Timing,
  tempStore,
  time,
} from './support.ts';

const A2_ROW = (n: number) => ({
  provincialUnit: '牵头单位',
  visitsHead: n,
  visitsDivision: n,
  visitsSection: n,
  cadres: n,
  fundsPlanned: 1_000_000 * (n + 1),
  fundsActual: 100_000 * n,
  projects: n,
  introFundsPlanned: 0,
  introFundsActual: 0,
  introProjects: 0,
  trainingPlanned: 10,
  trainingActual: 5 * n,
  trainTech: n,
  trainLeaders: n,
  trainFarming: n,
  trainJobs: n,
  trainOther: n,
  buyPlanned: 0,
  buyActual: 0,
  sellPlanned: 0,
  sellActual: 0,
  county: '',
});

/** Fills the store directly (the write path has its own benchmark): every county, ledger, quarter, 3 revisions. */
async function fill(store: Awaited<ReturnType<typeof tempStore>>['store'], roster: Roster): Promise<number> {
  let written = 0;
  const contact = roster.contacts[0]?.id ?? 'c';
  // Eight counties written at a time (over the network each append waits on its own commit).
  const all = counties(roster);
  const lanes = Array.from({ length: 8 }, (_, lane) => all.filter((_, i) => i % 8 === lane));
  await Promise.all(
    lanes.map(async (lane) => {
      for (const county of lane) {
        for (const form of ['a1', 'a2', 'a3', 'a4']) {
          for (const q of [1, 2, 3, 4]) {
            for (let revision = 1; revision <= 3; revision++) {
              await appendRevision(
                store,
                {
                  form,
                  period: `2023Q${q}`,
                  countyId: county.id,
                  contactId: contact,
                  unitId: county.id,
                  source: 'cli',
                  submittedAt: `2023-${String(q * 3 - 1).padStart(2, '0')}-15T02:00:00.000Z`,
                  header: { reporter: 'bench', findings: [] },
                  rows: [{ key: '#牵头单位', values: { ...A2_ROW(q), county: county.name } }],
                },
                revision,
              );
              written++;
            }
          }
        }
      }
    }),
  );
  return written;
}

const SAMPLES = 1000;
const WARMUP = 50;

export interface StatusResult {
  counties: number;
  revisions: number;
  unreported: Timing;
  progress: Timing;
  summary: Timing;
}

export async function measure(size: number, engine: Engine = sqliteEngine): Promise<StatusResult> {
  const roster = generatedRoster(size);
  const { store, cleanup, settle } = await tempStore(roster, engine);
  const revisions = await fill(store, roster);
  await settle?.();
  const now = new Date('2023-12-20T02:00:00Z');
  const bureau = roster.contacts.find((c) => c.unitId.startsWith('bureau:'))?.id ?? '';
  // A thousand askings, so p99 is the tenth slowest rather than the second (a single collection of
  // the fill's garbage decided it with 200); fifty first, as a server that has answered before.
  const unreported = await time(
    SAMPLES,
    () => statusReport(store, { period: '2023Q4', ledger: 'a2', as: bureau, summary: false }, now),
    WARMUP,
  );
  const progress = await time(
    SAMPLES / 5,
    () => statusReport(store, { period: '2023Q4', as: bureau }, now),
    WARMUP,
  );
  const summary = await time(
    SAMPLES / 5,
    () => statusReport(store, { period: '2023Q4', ledger: 'a2', as: bureau }, now),
    WARMUP,
  );
  await cleanup();
  return { counties: size, revisions, unreported, progress, summary };
}

export async function benchStatus(): Promise<Section> {
  const baseline = await measure(37);
  const national = await measure(832);
  const row = (name: string, t: Timing, b: Timing) =>
    `| ${name} | ${ms(t.p50)} | ${ms(t.p99)} | ${ms(b.p50)} | ${ms(b.p99)} | ${(t.p99 / b.p99).toFixed(2)} |`;
  const lines = [
    `### Status at national scale`,
    ``,
    `832 counties (${national.revisions} revisions, 4 ledgers × 4 quarters × 3 revisions each) against the baseline of 37 counties (${baseline.revisions} revisions), same run: “谁还没报” asked ${SAMPLES} times, the others ${SAMPLES / 5}, each after ${WARMUP} uncounted. Peak RSS so far: ${rssMb()} MB.`,
    ``,
    `| question | 832 p50 | 832 p99 | 37 p50 | 37 p99 | p99 ratio 832/37 |`,
    `|---|---|---|---|---|---|`,
    row('谁还没报 附件2 (status of one ledger)', national.unreported, baseline.unreported),
    row('进度 (every obligation of the quarter)', national.progress, baseline.progress),
    row('汇总 附件2 (totals and YTD check)', national.summary, baseline.summary),
  ];
  const p99 = national.unreported.p99;
  return {
    lines,
    targets: [
      {
        target: 'national-scale “谁还没报” p99 < 10 ms',
        figure: `${ms(p99)} at 832 counties (p50 ${ms(national.unreported.p50)})`,
        met: p99 < 10,
      },
    ],
  };
}
