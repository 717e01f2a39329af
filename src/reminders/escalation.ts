// The escalation ladder, off unless the bureau sets it (ESCALATION_AFTER_WORKDAYS): a county's overdue
// sheet whose reminder cards have all stayed unread for N workdays is urged to the county's contacts
// (Feishu 加急 of their card, DingTalk DING, a console mail), then — N workdays later, or at once when
// that step was refused or had nothing to urge by — to the contacts of the county's lead units. A card
// read by anyone of the county stops the ladder for that sheet, and so does the sheet arriving. Each
// step is written once per sheet, step and contact and claimed by compare-and-set (escalations-repo),
// so it is taken once however many sweeps and instances run; the sweep itself runs only on workdays
// within the sending hours, so no step is taken outside them.
import type { Messenger, Platform } from '../conversation/model.ts';
import type { Receipts } from '../conversation/receipts.ts';
import { findObligation } from '../domain/calendar.ts';
import { addDays } from '../domain/clock.ts';
import { type Contact, contactsOf, findUnit, relatedUnits } from '../domain/roster.ts';
import { workdaysAfter } from '../domain/workdays.ts';
import { say } from '../prompts.ts';
import {
  addEscalations,
  claimEscalations,
  type EscalationRow,
  escalationsOf,
  finishEscalation,
  type NewEscalation,
  type OverdueCard,
  overdueCards,
  releaseEscalation,
} from '../store/escalations-repo.ts';
import { carriedKeys } from '../store/outbox-repo.ts';
import type { Store } from '../store/store.ts';
import { periodLabelWords } from '../wording.ts';
import type { RefusalLog } from './refusals.ts';
import type { DayPlan } from './today.ts';

export type EscalationStep = 'county' | 'lead';

export interface EscalationSettings {
  /** Workdays a reminder stays unread before the first step; null: the ladder is off. */
  afterWorkdays: number | null;
  /** The steps taken, in order (each optional). */
  steps: readonly EscalationStep[];
}

export const LADDER_OFF: EscalationSettings = { afterWorkdays: null, steps: [] };

export interface EscalationDeps {
  store: Store;
  messenger: Messenger;
  receipts: Partial<Record<Platform, Receipts>>;
  worker: string;
  leaseMinutes: number;
  settings: EscalationSettings;
  refusals: RefusalLog;
  isWorkday: (date: string) => boolean;
}

/** People urged per sweep at most (the rest at the next sweep, five minutes on): a Worker invocation
 *  has 1,000 queries, and a person's step takes a few. */
const PEOPLE_PER_SWEEP = 50;

/** How far back overdue reminders are looked at (weekly reminders run 12 weeks past a deadline). */
const LOOK_BACK_DAYS = 120;

interface Sheet {
  key: string;
  obligation: string;
  period: string;
  countyId: string;
  partnerId: string;
  due: string;
  reminderKey: string;
  /** The latest card of each county contact that carried the sheet's overdue reminder. */
  cards: Map<string, OverdueCard>;
  firstDay: string;
  read: boolean;
}

/** Takes the steps due today; answers how many were taken (done) this sweep. */
export async function escalate(deps: EscalationDeps, day: DayPlan, now: Date): Promise<number> {
  const { afterWorkdays, steps } = deps.settings;
  if (afterWorkdays === null || steps.length === 0) return 0;
  let taken = 0;
  // Twice: a step refused or with nothing to urge by lets the next one be planned and taken at once.
  for (let round = 0; round < 2; round++) {
    const sheets = await overdueSheets(deps.store, day);
    if (sheets.length === 0) return taken;
    const existing = await escalationsOf(deps.store, [...new Set(sheets.map((s) => s.countyId))]);
    const planned = sheets.flatMap((sheet) => plan(deps, day, sheet, existing));
    await addEscalations(deps.store, planned, now);
    const all = await escalationsOf(deps.store, [...new Set(sheets.map((s) => s.countyId))]);
    const pending = all.filter((e) => e.state === 'pending');
    if (pending.length === 0) return taken;
    // A person is urged once a day per step: the card urged lists every overdue item of their unit.
    const urgedToday = new Map(
      all.filter((e) => e.state === 'done' && e.day === day.today).map((e) => [urgeKey(e), e.escalation_key]),
    );
    const people = new Map<string, EscalationRow[]>();
    for (const step of pending) people.set(urgeKey(step), [...(people.get(urgeKey(step)) ?? []), step]);
    const bySheet = new Map(sheets.map((s) => [s.key, s]));
    for (const [person, steps] of [...people].slice(0, PEOPLE_PER_SWEEP)) {
      const covered = urgedToday.get(person);
      if (await take(deps, day, bySheet, steps, now, covered)) taken += 1;
    }
  }
  return taken;
}

const urgeKey = (e: EscalationRow) => `${e.contact_id}|${e.step}`;

const sheetKey = (obligation: string, period: string, county: string, partner: string) =>
  `${obligation}:${period}:${county}:${partner || '-'}`;

/** The counties' overdue sheets still owed, with the cards that carried their reminders. */
async function overdueSheets(store: Store, day: DayPlan): Promise<Sheet[]> {
  const rows = await overdueCards(store, addDays(day.today, -LOOK_BACK_DAYS));
  const sheets = new Map<string, Sheet>();
  for (const row of rows) {
    if (!carriedKeys(row.sent_items).includes(row.reminder_key)) continue;
    const key = sheetKey(row.obligation, row.period, row.county_id, row.partner_id);
    const sheet = sheets.get(key) ?? {
      key,
      obligation: row.obligation,
      period: row.period,
      countyId: row.county_id,
      partnerId: row.partner_id,
      due: row.due,
      reminderKey: row.reminder_key,
      cards: new Map(),
      firstDay: row.day,
      read: false,
    };
    if (row.day < sheet.firstDay) sheet.firstDay = row.day;
    if (row.read_state === 'read') sheet.read = true;
    const latest = sheet.cards.get(row.contact_id);
    if (!latest || row.day >= latest.day) sheet.cards.set(row.contact_id, row);
    sheets.set(key, sheet);
  }
  // Still owed: a sheet that arrived since is not escalated.
  return [...sheets.values()].filter(
    (s) =>
      !s.read &&
      day.isPlanned({
        reminder_key: s.reminderKey,
        obligation: s.obligation,
        period: s.period,
        county_id: s.countyId,
        partner_id: s.partnerId,
        unit_id: s.countyId,
      }),
  );
}

/** The steps of one sheet due today and not yet written. */
function plan(
  { settings, isWorkday }: Pick<EscalationDeps, 'settings' | 'isWorkday'>,
  day: DayPlan,
  sheet: Sheet,
  existing: readonly EscalationRow[],
): NewEscalation[] {
  const after = settings.afterWorkdays ?? 0;
  const mine = existing.filter(
    (e) => sheetKey(e.obligation, e.period, e.county_id, e.partner_id) === sheet.key,
  );
  const unreadDays = workdaysAfter(sheet.firstDay, day.today, isWorkday);
  const row = (step: EscalationStep, contact: Contact): NewEscalation => ({
    escalation_key: `esc:${sheet.key}:${step}:${contact.id}`,
    obligation: sheet.obligation,
    period: sheet.period,
    county_id: sheet.countyId,
    partner_id: sheet.partnerId,
    step,
    contact_id: contact.id,
    unread_workdays: unreadDays,
    day: day.today,
  });
  const county = mine.filter((e) => e.step === 'county');
  if (settings.steps.includes('county') && county.length === 0) {
    if (unreadDays < after) return [];
    return [...sheet.cards.keys()].flatMap((id) => {
      const contact = day.roster.contacts.find((c) => c.id === id);
      return contact?.unitId === sheet.countyId ? [row('county', contact)] : [];
    });
  }
  if (!settings.steps.includes('lead') || mine.some((e) => e.step === 'lead')) return [];
  if (settings.steps.includes('county')) {
    if (county.some((e) => e.state === 'pending')) return [];
    const fellThrough = county.every((e) => e.state !== 'done');
    const urgedOn = county.map((e) => e.day).sort()[0] ?? day.today;
    if (!fellThrough && workdaysAfter(urgedOn, day.today, isWorkday) < after) return [];
  } else if (unreadDays < after) return [];
  return relatedUnits(day.roster, 'leads', sheet.countyId).flatMap((unit) =>
    contactsOf(day.roster, unit.id)
      .filter((c) => c.platform && c.platformUserId)
      .map((c) => row('lead', c)),
  );
}

/** Claims one person's pending steps of one kind and urges them once; true when they were urged
 *  (not when `coveredBy` a step already taken today). */
async function take(
  deps: EscalationDeps,
  day: DayPlan,
  bySheet: ReadonlyMap<string, Sheet>,
  pending: readonly EscalationRow[],
  now: Date,
  coveredBy: string | undefined,
): Promise<boolean> {
  const [first] = pending;
  if (!first) return false;
  const lease = new Date(now.getTime() - deps.leaseMinutes * 60_000);
  const claimed = new Set(
    await claimEscalations(
      deps.store,
      { contactId: first.contact_id, step: first.step },
      deps.worker,
      now,
      lease,
    ),
  );
  const steps = pending.filter((s) => claimed.has(s.escalation_key));
  if (steps.length === 0) return false;
  const finish = async (state: 'done' | 'refused' | 'skipped', channel: string | null, error?: string) => {
    for (const step of steps)
      await finishEscalation(deps.store, step.escalation_key, deps.worker, {
        state,
        channel,
        at: now,
        ...(error ? { error } : {}),
      });
  };
  const contact = day.roster.contacts.find((c) => c.id === first.contact_id);
  const receipts = contact?.platform ? deps.receipts[contact.platform] : undefined;
  if (!contact?.platform || !contact.platformUserId || !receipts) {
    await finish('skipped', null, 'no way to urge this contact');
    return false;
  }
  const channel = { feishu: 'urgent_app', dingtalk: 'ding', console: 'console' }[contact.platform];
  if (coveredBy) {
    await finish('done', channel, `urged today by ${coveredBy}`);
    return false;
  }
  const sheets = steps.flatMap((s) => {
    const sheet = bySheet.get(sheetKey(s.obligation, s.period, s.county_id, s.partner_id));
    return sheet ? [{ sheet, step: s }] : [];
  });
  const text = sheets.map(({ sheet, step }) => urgeText(day, sheet, step)).join('\n');
  const to = { kind: 'user' as const, platform: contact.platform, userId: contact.platformUserId };
  try {
    let messageId: string | undefined;
    if (receipts.urgesMessage) {
      // The county's own latest unread card is urged; a lead unit is sent the words, then urged.
      messageId =
        first.step === 'county'
          ? (sheets
              .flatMap(({ sheet }) => sheet.cards.get(contact.id) ?? [])
              .sort((a, b) => (a.day < b.day ? 1 : -1))[0]?.platform_message_id ?? undefined)
          : (await deps.messenger.send(to, { kind: 'text', text }, first.escalation_key))?.messageId;
      if (!messageId) {
        await finish('skipped', channel, 'no message of the bot to urge');
        return false;
      }
    }
    await receipts.urge(
      { userId: contact.platformUserId, key: first.escalation_key, ...(messageId ? { messageId } : {}) },
      text,
    );
    await finish('done', channel);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (deps.refusals.note(error)) await finish('refused', channel, message);
    else
      for (const step of steps)
        await releaseEscalation(deps.store, step.escalation_key, deps.worker, message);
    return false;
  }
}

function urgeText(day: DayPlan, sheet: Sheet, step: EscalationRow): string {
  const facts = {
    obligation: findObligation(sheet.obligation)?.title ?? sheet.obligation,
    period: periodLabelWords(sheet.period),
    due: sheet.due,
    days: step.unread_workdays,
    county: findUnit(day.roster, sheet.countyId)?.name ?? sheet.countyId,
  };
  return step.step === 'county' ? say('escalation.county', facts) : say('escalation.lead', facts);
}
