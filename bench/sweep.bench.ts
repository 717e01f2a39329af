// Planning and enqueueing the reminders of one morning for ~10,000 recipients (832 counties with 12
// contacts each, their lead units, cities and helpers) against Hubei's 37 counties, same run.
import { workCalendar } from '../src/domain/workdays.ts';
import { DEFAULT_REMINDER_SETTINGS, runDueReminders } from '../src/reminders/sweep.ts';
import { consoleMessenger } from '../src/store/console-inbox.ts';
import { deliveries } from '../src/store/outbox-repo.ts';
import { generatedRoster, median, ms, rssMb, type Section, tempStore } from './support.ts';

// 2023-03-24, 09:05 in Beijing: the 7-day reminders of every March 31 obligation.
const MORNING = new Date('2023-03-24T09:05:00+08:00');

async function sweep(size: number, contactsPerCounty: number, send: boolean) {
  const { store, cleanup } = await tempStore(generatedRoster(size, contactsPerCounty));
  const deps = {
    store,
    messenger: consoleMessenger(store, () => MORNING),
    worker: 'bench',
    calendar: workCalendar([]),
    settings: { ...DEFAULT_REMINDER_SETTINGS, batch: 0 },
  };
  const start = performance.now();
  const result = await runDueReminders(deps, MORNING);
  const planned = performance.now() - start;
  // The cron runs every five minutes: the next sweep of the same day finds everything queued.
  const againStart = performance.now();
  await runDueReminders(deps, new Date(MORNING.getTime() + 5 * 60_000));
  const again = performance.now() - againStart;
  const recipients = (
    await store.db.selectFrom('reminder_messages').select('contact_id').distinct().execute()
  ).length;
  const reminders = (await store.db.selectFrom('reminders').select('reminder_key').execute()).length;
  // Every reminder on every card it rides on: what one row per reminder and contact used to hold.
  const items = (await deliveries(store)).length;
  const sendStart = performance.now();
  const total = send
    ? (
        await runDueReminders(
          { ...deps, settings: DEFAULT_REMINDER_SETTINGS },
          new Date(MORNING.getTime() + 60_000),
        )
      ).sent
    : 0;
  const sending = performance.now() - sendStart;
  await cleanup();
  return { cards: result.enqueued, reminders, items, recipients, planned, again, sent: total, sending };
}

/** Runs of the national sweep, each on a fresh database; the table gives their median. */
const RUNS = 3;

export async function benchSweep(): Promise<Section> {
  const hubei = await sweep(37, 1, true);
  // Sending 10,000 cards is paced by the platforms; the target is planning and enqueueing them.
  const runs: Awaited<ReturnType<typeof sweep>>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await sweep(832, 12, false));
  const planned = median(runs.map((r) => r.planned));
  const national = {
    ...(runs[0] as Awaited<ReturnType<typeof sweep>>),
    planned,
    again: median(runs.map((r) => r.again)),
  };
  const row = (name: string, r: Awaited<ReturnType<typeof sweep>>) =>
    `| ${name} | ${r.recipients} | ${r.reminders} | ${r.cards} | ${r.items} | ${ms(r.planned)} | ${ms(r.again)} | ${r.sent || '—'} | ${r.sent ? ms(r.sending) : '—'} |`;
  const lines = [
    `### Reminder sweep`,
    ``,
    `One morning's sweep: plan from the calendar, roster and submissions, then enqueue under unique keys: each reminder once, for the unit it reminds, and a card of the day for each of the unit's contacts (planning and enqueueing timed together), the same again five minutes later as the cron does (everything already queued), then send one card per contact to the console mailbox (a local store, so this measures our side, not a platform's rate limit). The national sweep runs ${RUNS} times, each on a fresh database (plan + enqueue: ${runs.map((r) => ms(r.planned)).join(' · ')}); the table gives the median. Peak RSS so far: ${rssMb()} MB.`,
    ``,
    `| roster | recipients | reminders queued (each once, for its unit) | cards queued (one per contact) | reminders on the cards | plan + enqueue | next sweep (all queued) | messages sent | sending |`,
    `|---|---|---|---|---|---|---|---|---|`,
    row('37 counties (baseline)', hubei),
    row('832 counties × 12 contacts', national),
    ``,
    `Ratio plan + enqueue, national / baseline: **${(national.planned / hubei.planned).toFixed(1)}×** for ${(national.recipients / hubei.recipients).toFixed(0)}× the recipients.`,
  ];
  return {
    lines,
    targets: [
      {
        target: 'sweep for 10,000 recipients < 1 s',
        figure: `${ms(planned)} plan + enqueue for ${national.recipients.toLocaleString('en')} recipients (${national.reminders.toLocaleString('en')} reminders on ${national.cards.toLocaleString('en')} cards, ${national.items.toLocaleString('en')} in all), median of ${RUNS}; slowest ${ms(Math.max(...runs.map((r) => r.planned)))}`,
        met: Math.max(...runs.map((r) => r.planned)) < 1000,
      },
    ],
  };
}
