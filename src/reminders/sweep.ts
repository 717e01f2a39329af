// One reminder sweep, run by node-cron and by the Workers scheduled handler alike. Idempotent: it
// enqueues today's reminders and each contact's card of the day under unique keys (and a follow-up
// card for what came due after a contact's cards went out), then sends each card once — claimed by
// compare-and-set, re-checked against fresh submissions, sent with its key as the platform's
// idempotency key, marked sent with what it carried, dropped, or released for a retry with backoff.

import type { BatchMessenger, Messenger, Platform, Reply } from '../conversation/model.ts';
import type { Receipts } from '../conversation/receipts.ts';
import { appliesTo, OBLIGATIONS } from '../domain/calendar.ts';
import { localDate, localDateTime } from '../domain/clock.ts';
import { ledgerById } from '../domain/ledgers/index.ts';
import { contactsOf, findUnit } from '../domain/roster.ts';
import { counts } from '../domain/status.ts';
import type { WorkCalendar } from '../domain/workdays.ts';
import {
  cardsOfDay,
  claimedMessage,
  claimMessage,
  dropMessage,
  enqueue,
  type MessageRow,
  markSent,
  type Queue,
  type ReminderRow,
  remindersOn,
  retryMessage,
  sendableMessages,
} from '../store/outbox-repo.ts';
import type { Store } from '../store/store.ts';
import { type EscalationSettings, escalate, LADDER_OFF } from './escalation.ts';
import { followUps, isFollowUp } from './follow-ups.ts';
import { askReadings } from './readings.ts';
import { type RefusalLog, refusalLog } from './refusals.ts';
import { type CountyProgress, type ReminderItem, reminderCard } from './reminder-card.ts';
import { announceMissingSchedules } from './schedule-announcement.ts';
import { type DayPlan, deadlineKey, planDay } from './today.ts';
import { sendDigests } from './weekly-digest.ts';

export interface ReminderSettings {
  /** Local time reminders start going out ("09:00"). */
  sendAt: string;
  /** Nothing is sent outside this local window. */
  windowStart: string;
  windowEnd: string;
  /** A claim older than this is taken to belong to a dead sweep. */
  leaseMinutes: number;
  /** Messages sent per sweep at most (the rest wait for the next sweep). */
  batch: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  sendAt: '09:00',
  windowStart: '08:30',
  windowEnd: '18:00',
  leaseMinutes: 10,
  batch: 500,
};

export interface SweepDeps {
  store: Store;
  messenger: Messenger;
  worker: string;
  /** Loaded for each sweep, so a schedule entered meanwhile counts at once. */
  calendar: WorkCalendar;
  settings: ReminderSettings;
  /** Platforms that send one card to many people in one call (DingTalk robot messages). */
  batchers?: Partial<Record<Platform, BatchMessenger>>;
  /** Who read what, and urging, per platform (none: cards are only sent). */
  receipts?: Partial<Record<Platform, Receipts>>;
  /** The bureau's escalation ladder (default: off). */
  escalation?: EscalationSettings;
  /** Where refused receipt and urge calls are logged, once each (default: nowhere). */
  refusals?: RefusalLog;
}

export interface SweepResult {
  /** Cards newly queued (a contact's card of the day). */
  enqueued: number;
  sent: number;
  /**
   * Today's reminders not sent because their items are reported: left off a card (reported since
   * they were queued) or never queued (reported before the day's cards). A count of the day so far,
   * the same on every sweep of it, not of this sweep alone.
   */
  skipped: number;
  failed: number;
  /** Bureau contacts told that a year's holiday schedule is missing (schedule-announcement.ts). */
  announced: number;
  /** Weekly digest cards sent to the bureau's and the cities' contacts (weekly-digest.ts). */
  digests: number;
  /** Read-status calls made to the platforms. */
  readCalls: number;
  /** Escalation steps taken (加急, DING). */
  escalated: number;
}

const localTime = (now: Date): string => localDateTime(now).slice(11);

export async function runDueReminders(deps: SweepDeps, now: Date): Promise<SweepResult> {
  const result: SweepResult = {
    enqueued: 0,
    sent: 0,
    skipped: 0,
    failed: 0,
    announced: 0,
    digests: 0,
    readCalls: 0,
    escalated: 0,
  };
  const time = localTime(now);
  const { sendAt, windowStart, windowEnd } = deps.settings;
  const { calendar } = deps;
  if (time < windowStart || time > windowEnd || !calendar.isWorkday(localDate(now))) return result;
  const day = await planDay(deps.store, now, calendar.isWorkday);
  if (time >= sendAt) {
    result.enqueued = await queueDay(deps.store, day, now);
    result.announced = await announceMissingSchedules(deps, calendar, day.roster, now);
    result.digests = await sendDigests(
      { ...deps, isWorkday: calendar.isWorkday, leaseMinutes: deps.settings.leaseMinutes },
      day.roster,
      now,
    );
  }
  const lease = new Date(now.getTime() - deps.settings.leaseMinutes * 60_000);
  const skipped = new Set<string>();
  const together: Ready[] = [];
  for (const messageKey of await sendableMessages(deps.store, now, lease, deps.settings.batch)) {
    if (!(await claimMessage(deps.store, messageKey, deps.worker, now, lease))) continue;
    const ready = await prepareMessage(deps, day, messageKey);
    for (const key of ready.skipped) skipped.add(key);
    if (ready.kind === 'dropped') continue;
    const batcher = deps.batchers?.[ready.to.platform];
    if (batcher?.batches(ready.reply)) together.push(ready);
    else result[await sendOne(deps, ready, now)] += 1;
  }
  for (const [kind, n] of await sendTogether(deps, together, now)) result[kind] += n;
  if (time >= sendAt) for (const key of await reportedNotCarried(deps.store, day)) skipped.add(key);
  result.skipped = skipped.size;
  await followThrough(deps, day, now, result);
  return result;
}

/** After the cards: who read them, then the ladder for what stayed unread (within the same hours). */
async function followThrough(deps: SweepDeps, day: DayPlan, now: Date, result: SweepResult): Promise<void> {
  const receipts = deps.receipts ?? {};
  if (Object.keys(receipts).length === 0) return;
  const refusals = deps.refusals ?? refusalLog({ warn() {} });
  result.readCalls = await askReadings({ store: deps.store, receipts, refusals }, day, now);
  result.escalated = await escalate(
    {
      store: deps.store,
      messenger: deps.messenger,
      receipts,
      worker: deps.worker,
      leaseMinutes: deps.settings.leaseMinutes,
      settings: deps.escalation ?? LADDER_OFF,
      refusals,
      isWorkday: deps.calendar.isWorkday,
    },
    day,
    now,
  );
}

/** Today's reminders of items already reported that no card of today carried (one carried before its
 *  item was reported was sent, not skipped). */
async function reportedNotCarried(store: Store, day: DayPlan): Promise<string[]> {
  if (day.reportedToday.length === 0) return [];
  const carried = new Set((await cardsOfDay(store, day.today)).flatMap((c) => c.carried));
  return day.reportedToday.map((r) => r.key).filter((key) => !carried.has(key));
}

/** Queues today's reminders and cards, then any follow-up cards; returns how many cards were new. */
async function queueDay(store: Store, day: DayPlan, now: Date): Promise<number> {
  const queue = queueOf(day);
  const first = await enqueue(store, queue, now);
  // Every contact's first card of the day is new (the morning's first sweep): nothing to follow up.
  if (first === queue.messages.length) return first;
  const cards = await cardsOfDay(store, day.today);
  const wanted = followUps(queue, cards);
  if (wanted.length === 0) return first;
  // Only reminders stored under today go on today's cards: one stored under another date (the holiday
  // calendar changed) would leave every follow-up empty, and a new one would be made each sweep.
  const stored = await remindersOn(store, day.today, [...new Set(wanted.map((m) => m.unit_id))]);
  const reminders = queue.reminders.filter((r) => stored.has(r.reminder_key));
  const more = followUps({ ...queue, reminders }, cards);
  return first + (more.length > 0 ? await enqueue(store, { reminders: [], messages: more }, now) : 0);
}

/** Today's reminders, and the first card of the day for each contact of the units they remind. */
function queueOf(day: DayPlan): Queue {
  const units = new Set(day.dueToday.map((r) => r.recipient.id));
  return {
    reminders: day.dueToday.map((r) => ({
      reminder_key: r.key,
      unit_id: r.recipient.id,
      obligation: r.owed.obligation,
      period: r.owed.period,
      county_id: r.owed.county.id,
      partner_id: r.owed.partner?.id ?? '',
      kind: r.kind,
      occurrence: r.occurrence,
      planned_for: r.date,
      due: r.owed.due,
    })),
    messages: [...units].flatMap((unit) =>
      contactsOf(day.roster, unit)
        .filter((c) => c.platform && c.platformUserId)
        .map((c) => ({
          message_key: `rem:${c.id}:${day.today}`,
          contact_id: c.id,
          unit_id: unit,
          day: day.today,
        })),
    ),
  };
}

/** A claimed card ready to go: to whom, what, and what it carries. */
interface Ready {
  kind: 'ready';
  message: MessageRow;
  to: { kind: 'user'; platform: Platform; userId: string };
  reply: Reply;
  carried: string[];
  skipped: string[];
}

/** Builds a claimed card from its items still owed, or drops it (nothing left, nobody to reach). */
async function prepareMessage(
  deps: SweepDeps,
  day: DayPlan,
  messageKey: string,
): Promise<Ready | { kind: 'dropped'; skipped: string[] }> {
  const claimed = await claimedMessage(deps.store, messageKey, deps.worker);
  if (!claimed) return { kind: 'dropped', skipped: [] };
  const { message, carried } = claimed;
  const reminders = claimed.reminders.filter((r) => !carried.has(r.reminder_key));
  // Re-checked against the plan made from this sweep's fresh read of the submissions: nobody is
  // reminded of what they have filed since the reminder was queued.
  const live = reminders.filter((r) => day.isPlanned(r));
  // Counted on the first card of the day only: a follow-up sees again what the first one left off.
  const skipped = isFollowUp(message.message_key)
    ? []
    : reminders.filter((r) => !live.includes(r)).map((r) => r.reminder_key);
  const contact = day.roster.contacts.find((c) => c.id === message.contact_id);
  // A contact moved to another unit since is no longer the one to remind of this unit's ledgers.
  const unit = contact?.unitId === message.unit_id ? findUnit(day.roster, message.unit_id) : undefined;
  if (!contact || !unit || !contact.platform || !contact.platformUserId) {
    await dropMessage(deps.store, messageKey, deps.worker, 'no_recipient');
    return { kind: 'dropped', skipped: [] };
  }
  if (live.length === 0) {
    await dropMessage(deps.store, messageKey, deps.worker, 'skipped');
    return { kind: 'dropped', skipped };
  }
  const card = reminderCard({
    unit,
    today: day.today,
    items: live.map((r) => itemOf(day, r)),
    progress: progressOf(day, live),
    nextDate: nextDate(day, live),
  });
  return {
    kind: 'ready',
    message,
    to: { kind: 'user', platform: contact.platform, userId: contact.platformUserId },
    reply: { kind: 'card', card },
    carried: live.map((r) => r.reminder_key),
    skipped,
  };
}

/** One card, one call (Feishu: each person's message_id is what read_users and urgent_app take). */
async function sendOne(deps: SweepDeps, ready: Ready, now: Date): Promise<'sent' | 'failed'> {
  const key = ready.message.message_key;
  try {
    const sent = await deps.messenger.send(ready.to, ready.reply, key);
    await markSent(deps.store, key, deps.worker, now, ready.carried, sent?.messageId);
    return 'sent';
  } catch (error) {
    await retryLater(deps, ready, now, error instanceof Error ? error.message : String(error));
    // Counted when the card finally goes (or is dropped), not on every attempt.
    return 'failed';
  }
}

/**
 * The cards a platform takes many at a time (DingTalk robot messages): the contacts of one unit get the
 * same card on a day, so each unit's identical cards go in one call of up to 20 people, and each card
 * keeps the call's processQueryKey, whose read status lists every person of it.
 */
async function sendTogether(
  deps: SweepDeps,
  ready: readonly Ready[],
  now: Date,
): Promise<[kind: 'sent' | 'failed', count: number][]> {
  const groups = new Map<string, Ready[]>();
  for (const r of ready) {
    const key = `${r.to.platform}|${r.message.unit_id}|${r.message.day}|${JSON.stringify(r.reply)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let sent = 0;
  let failed = 0;
  for (const group of groups.values()) {
    const [first] = group;
    const batcher = first && deps.batchers?.[first.to.platform];
    if (!first || !batcher) continue;
    // The first card's key names the call: a retried sweep sends nobody of it twice within the hour.
    const callKey = `${first.message.message_key}|batch`;
    try {
      const answer = await batcher.sendMany(
        group.map((r) => r.to.userId),
        first.reply,
        callKey,
      );
      for (const r of group) {
        if (answer.failed.includes(r.to.userId)) {
          await retryLater(deps, r, now, 'not delivered (unknown or flow-controlled)');
          failed += 1;
        } else {
          const id = answer.sent[r.to.userId]?.messageId;
          await markSent(deps.store, r.message.message_key, deps.worker, now, r.carried, id);
          sent += 1;
        }
      }
    } catch (error) {
      for (const r of group)
        await retryLater(deps, r, now, error instanceof Error ? error.message : String(error));
      failed += group.length;
    }
  }
  return [
    ['sent', sent],
    ['failed', failed],
  ];
}

async function retryLater(deps: SweepDeps, ready: Ready, now: Date, error: string): Promise<void> {
  const wait = Math.min(60, 2 ** (ready.message.attempts + 1)) * 60_000;
  await retryMessage(
    deps.store,
    ready.message.message_key,
    deps.worker,
    new Date(now.getTime() + wait),
    error,
  );
}

function itemOf(day: DayPlan, row: ReminderRow): ReminderItem {
  const county = findUnit(day.roster, row.county_id);
  const partner = row.partner_id ? findUnit(day.roster, row.partner_id) : undefined;
  const daysLeft = Math.round(
    (Date.parse(`${row.due}T00:00:00Z`) - Date.parse(`${day.today}T00:00:00Z`)) / 86_400_000,
  );
  return {
    obligation: row.obligation,
    period: row.period,
    due: row.due,
    kind: row.kind as ReminderItem['kind'],
    daysLeft,
    county: county ?? {
      id: row.county_id,
      kind: 'county',
      name: row.county_id,
      cityId: null,
      hostsCentralUnits: null,
      note: '',
      demo: false,
    },
    partnerName: partner?.name ?? null,
  };
}

/** For a county: which of the reminded periods' ledgers are in and which are not (e.g. 附件2 done,
 *  附件4 missing) — one line per county, however many periods (a quarter and its year) are reminded. */
function progressOf(day: DayPlan, rows: readonly ReminderRow[]): CountyProgress[] {
  const own = rows.filter((r) => r.kind !== 'escalation' && r.unit_id === r.county_id);
  const periods = new Map<string, Set<string>>();
  for (const r of own) periods.set(r.county_id, (periods.get(r.county_id) ?? new Set()).add(r.period));
  return [...periods].flatMap(([countyId, reminded]) => {
    const county = findUnit(day.roster, countyId);
    if (!county) return [];
    const sheets = [...reminded].flatMap((period) => {
      const cadence = period.includes('Q') ? 'quarterly' : 'annual';
      return OBLIGATIONS.filter(
        (o) => o.fulfilment.kind === 'ledger' && o.cadence === cadence && appliesTo(o, county),
      ).map((o) => ({
        label:
          o.fulfilment.kind === 'ledger' ? `附件${ledgerById(o.fulfilment.ledger).attachment}` : o.shortName,
        done: (day.fulfilled.get(deadlineKey(o.id, period)) ?? []).some(
          (f) => f.countyId === county.id && counts(f),
        ),
      }));
    });
    return [
      {
        county: county.name,
        done: sheets.filter((s) => s.done).map((s) => s.label),
        missing: sheets.filter((s) => !s.done).map((s) => s.label),
      },
    ];
  });
}

function nextDate(day: DayPlan, rows: readonly ReminderRow[]): string | null {
  const dates = rows.flatMap((r) => day.nextDate(r) ?? []);
  return dates.sort()[0] ?? null;
}
