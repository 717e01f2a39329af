// A figure question asked in chat at national scale (832 counties × 附件2 and 附件3 × four quarters of
// 2023, and 2022's last quarter for the comparison) against the same questions over Hubei's 37
// counties, in one run: the whole answer — the roster, the reading, the sums over the store, the
// card — as the bureau's contact gets it.
import { cpus, loadavg } from 'node:os';
import { respond } from '../src/bot/chat/respond.ts';
import type { BotDeps } from '../src/bot/deps.ts';
import { counties, findContact, findUnit, type Roster } from '../src/domain/roster.ts';
import { appendRevision } from '../src/store/revisions-repo.ts';
import { loadRoster } from '../src/store/roster-repo.ts';
import { generatedRoster, ms, rssMb, type Section, type Timing, tempStore, time } from './support.ts';

const QUESTIONS = [
  ['今年省直单位实际投入帮扶资金一共多少', 'total of a year (its latest quarter)'],
  ['四季度省直帮扶资金前10名', 'top ten counties'],
  ['四季度区域协作财政援助资金比去年同期增加多少', 'change on the same quarter last year'],
] as const;
const SAMPLES = 1000;
const WARMUP = 100;

async function fill(store: Awaited<ReturnType<typeof tempStore>>['store'], roster: Roster): Promise<number> {
  let written = 0;
  let n = 0;
  for (const county of counties(roster)) {
    n++;
    for (const period of ['2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4']) {
      const q = Number(period.slice(-1));
      const base = { county: county.name };
      const sheets = {
        a2: {
          provincialUnit: '牵头单位',
          fundsPlanned: 5_000_000,
          fundsActual: 100_000 * (n % 50) * q,
          ...base,
        },
        a3: { helper: '帮扶方', aidPlanned: 3_000_000, aidActual: 70_000 * (n % 30) * q, ...base },
      };
      for (const [form, values] of Object.entries(sheets)) {
        await appendRevision(
          store,
          {
            form,
            period,
            countyId: county.id,
            contactId: 'bench',
            unitId: county.id,
            source: 'cli',
            submittedAt: '2023-12-20T02:00:00.000Z',
            header: { reporter: 'bench', findings: [] },
            rows: [{ key: '#1', values }],
          },
          1,
        );
        written++;
      }
    }
  }
  return written;
}

interface Measured {
  counties: number;
  sheets: number;
  timings: Timing[];
}

async function measure(size: number): Promise<Measured> {
  const roster = generatedRoster(size);
  const { store, cleanup } = await tempStore(roster);
  const sheets = await fill(store, roster);
  const now = new Date('2024-01-05T02:00:00Z');
  const deps: BotDeps = { store, now: () => now, messenger: { send: async () => undefined } };
  const contact = findContact(roster, '13900000000');
  const unit = contact && findUnit(roster, contact.unitId);
  if (!contact || !unit) throw new Error('no bureau contact');
  const conversation = { id: 'bench', kind: 'direct' as const, mentioned: true };
  const timings: Timing[] = [];
  for (const [question] of QUESTIONS) {
    const answer = await respond(deps, await loadRoster(store), { contact, unit }, question, conversation);
    if (JSON.stringify(answer).includes('没有听懂')) throw new Error(`not understood: ${question}`);
    timings.push(
      await time(
        SAMPLES,
        async () => respond(deps, await loadRoster(store), { contact, unit }, question, conversation),
        WARMUP,
      ),
    );
  }
  await cleanup();
  return { counties: size, sheets, timings };
}

export async function benchFigures(): Promise<Section> {
  const baseline = await measure(37);
  const national = await measure(832);
  const lines = [
    '### Figure questions in chat at national scale',
    '',
    `The bureau's contact asks through \`respond\` (roster, reading, sums over the store, the card): 832 counties (${national.sheets} sheets: 附件2 and 附件3 × 2022Q4 and 2023Q1–Q4) against the baseline of 37 counties (${baseline.sheets} sheets), same run; each question ${SAMPLES} times after ${WARMUP} uncounted. Peak RSS so far: ${rssMb()} MB; load average when done ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores (p99 on a shared machine is mostly the other processes' doing: compare the 37-county column).`,
    '',
    '| question | 832 p50 | 832 p99 | 37 p50 | 37 p99 | p99 ratio 832/37 |',
    '|---|---|---|---|---|---|',
    ...QUESTIONS.map(([question, what], i) => {
      const t = national.timings[i];
      const b = baseline.timings[i];
      if (!t || !b) return '';
      return `| ${question} (${what}) | ${ms(t.p50)} | ${ms(t.p99)} | ${ms(b.p50)} | ${ms(b.p99)} | ${(t.p99 / b.p99).toFixed(2)} |`;
    }),
  ];
  const worst = Math.max(...national.timings.map((t) => t.p99));
  return {
    lines,
    targets: [
      {
        target: 'national-scale figure question p99 < 20 ms',
        figure: `${ms(worst)} slowest of ${QUESTIONS.length} questions at 832 counties (37 counties: ${ms(Math.max(...baseline.timings.map((t) => t.p99)))})`,
        met: worst < 20,
      },
    ],
  };
}
