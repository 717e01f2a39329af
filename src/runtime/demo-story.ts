// The demo's first run tells a story: the clock stands four days before the 2023 Q1 deadline, and a
// few fictitious (演示) counties have already filed — one sheet confirmed after a correction, one
// returned with its reason, one waiting for its lead unit, two self-settled — so the console and the
// dashboard mean something at first sight. Written through the app's own submission and review use
// cases, never by SQL; only in demo mode (node.ts), and only into a store without any revision, so a
// restart (or a store someone has already filed into) gets nothing twice.
import { reviewSheet } from '../app/review.ts';
import { submitSheet } from '../app/submit.ts';
import type { BotDeps } from '../bot/deps.ts';
import { requestReview } from '../bot/handlers/review.ts';
// The story's rows are these two sheets' fields: a reviewed one (附件2) and a self-settled one (附件4).
import { provincial } from '../domain/ledgers/provincial.ts';
import { socialOrg } from '../domain/ledgers/social-org.ts';
import type { LedgerId } from '../domain/ledgers/types.ts';
import { contactsOf, findCountyByName, type Roster, relatedUnits } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { claimEvent } from '../store/events-repo.ts';
import { hasAnyRevision } from '../store/revisions-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';

/** Where the demo clock starts unless `--now` or DEMO_NOW says otherwise: Monday before the Q1 deadline. */
export const DEMO_STORY_NOW = new Date('2023-03-27T10:00:00+08:00');

const PERIOD = '2023Q1';

type Step =
  | { kind: 'submit'; at: string; county: string; ledger: LedgerId; rows: Record<string, unknown>[] }
  | {
      kind: 'review';
      at: string;
      county: string;
      revision: number;
      decision: 'confirm' | 'return';
      reason?: string;
    }
  | { kind: 'ask_review'; county: string };

/** 附件2's figures for a county, its lead unit named as the partner. */
function a2(provincialUnit: string, fundsActual: string, cadres = 2): Record<string, unknown>[] {
  return [
    {
      provincialUnit,
      visitsHead: 1,
      visitsDivision: 2,
      visitsSection: 3,
      cadres,
      fundsPlanned: '120',
      fundsActual,
      projects: 4,
      introFundsPlanned: '500',
      introFundsActual: '80.25',
      introProjects: 1,
      trainingPlanned: 300,
      trainingActual: 90,
      trainTech: 20,
      trainLeaders: 30,
      trainFarming: 25,
      trainJobs: 10,
      trainOther: 5,
      buyPlanned: '50',
      buyActual: '12.3456',
      sellPlanned: '100',
      sellActual: '20',
    },
  ];
}

/** 附件4: one organisation's project, the names marked as fictitious. */
function a4(orgName: string, projectName: string, fundsActual: string): Record<string, unknown>[] {
  return [
    {
      orgName,
      level: '省级',
      supervisor: '省民政厅',
      agreementSigned: '是',
      domain: '教育',
      projectName,
      fundsPlanned: '20',
      fundsActual,
      beneficiaries: 120,
    },
  ];
}

function story(roster: Roster): Step[] {
  const lead = (county: string) => {
    const unit = findCountyByName(roster, county);
    return (unit && relatedUnits(roster, 'leads', unit.id)[0]?.name) ?? '';
  };
  return [
    {
      kind: 'submit',
      at: '2023-03-20T15:20',
      county: '郧西县',
      ledger: socialOrg.id,
      rows: a4('湖北省助学促进会（演示）', '春蕾助学（演示）', '8'),
    },
    {
      kind: 'submit',
      at: '2023-03-21T09:40',
      county: '兴山县',
      ledger: provincial.id,
      rows: a2(lead('兴山县'), '35.5'),
    },
    {
      kind: 'review',
      at: '2023-03-22T15:10',
      county: '兴山县',
      revision: 1,
      decision: 'return',
      reason: say('demo.returnFunds'),
    },
    {
      kind: 'submit',
      at: '2023-03-22T16:30',
      county: '巴东县',
      ledger: socialOrg.id,
      rows: a4('湖北省青年志愿者协会（演示）', '乡村少年宫（演示）', '5'),
    },
    {
      kind: 'submit',
      at: '2023-03-23T10:05',
      county: '兴山县',
      ledger: provincial.id,
      rows: a2(lead('兴山县'), '38'),
    },
    { kind: 'review', at: '2023-03-23T16:20', county: '兴山县', revision: 2, decision: 'confirm' },
    {
      kind: 'submit',
      at: '2023-03-24T11:15',
      county: '罗田县',
      ledger: provincial.id,
      rows: a2(lead('罗田县'), '42', 3),
    },
    {
      kind: 'review',
      at: '2023-03-25T09:30',
      county: '罗田县',
      revision: 1,
      decision: 'return',
      reason: say('demo.returnCadres'),
    },
    {
      kind: 'submit',
      at: '2023-03-26T17:45',
      county: '宣恩县',
      ledger: provincial.id,
      rows: a2(lead('宣恩县'), '26.8'),
    },
    // The one waiting for its lead unit: that unit's contact finds the card to confirm in the console.
    { kind: 'ask_review', county: '宣恩县' },
  ];
}

/** Files the demo's story into a store without any revision; true when it did. */
export async function tellDemoStory(bot: BotDeps): Promise<boolean> {
  const { store } = bot;
  if (await hasAnyRevision(store)) return false;
  // Instances started together on one database (PostgreSQL) would each tell it: the first claim tells.
  if (!(await claimEvent(store, 'demo:story', bot.now()))) return false;
  const roster = await loadRoster(store);
  const contactOf = (unitId: string) => contactsOf(roster, unitId)[0];
  for (const step of story(roster)) {
    const county = findCountyByName(roster, step.county);
    if (!county) throw new Error(`demo story: no county ${step.county} in the roster`);
    if (step.kind === 'ask_review') {
      await requestReview(bot, roster, provincial.id, PERIOD, county.id);
      continue;
    }
    const at = new Date(`${step.at}:00+08:00`);
    if (step.kind === 'submit') {
      const contact = contactOf(county.id);
      if (!contact) throw new Error(`demo story: no contact for ${county.name}`);
      const body = { reporter: `${contact.name} ${contact.mobile ?? ''}`.trim(), rows: step.rows };
      const outcome = await submitSheet(
        store,
        { as: contact.id, ledger: step.ledger, period: PERIOD, county: county.name, body },
        'console',
        at,
      );
      if (outcome.kind !== 'saved') throw new Error(`demo story: ${county.name} not saved (${outcome.kind})`);
      continue;
    }
    const reviewer = relatedUnits(roster, 'leads', county.id)[0];
    const contact = reviewer && contactOf(reviewer.id);
    if (!contact) throw new Error(`demo story: no lead unit contact for ${county.name}`);
    const result = await reviewSheet(
      store,
      {
        as: contact.id,
        ledger: provincial.id,
        period: PERIOD,
        county: county.name,
        revision: step.revision,
        decision: step.decision,
        reason: step.reason ?? '',
      },
      at,
    );
    if (!result.ok) throw new Error(`demo story: ${county.name} not reviewed`);
  }
  return true;
}
