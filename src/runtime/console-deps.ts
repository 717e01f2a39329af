// What the console channel is given, built over the store: the demo contacts grouped by unit kind,
// the one `dispatch`, the console mailbox, and — in demo mode — the demo clock and a sweep.
import { randomUUID } from 'node:crypto';
import { dispatch } from '../bot/dispatch.ts';
import { readInbox } from '../channels/console/inbox.ts';
import type { ConsoleDeps, ContactGroup } from '../channels/console/index.ts';
import { counties, type Roster, type UnitKind } from '../domain/roster.ts';
import { say } from '../prompts.ts';
import { mailboxOf } from '../store/mailbox-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { DemoClock } from './clock.ts';
import type { Channels, Runtime } from './runtime-types.ts';

/** The order people look for themselves in: the bureau, the counties, then who asks about them. */
const KIND_ORDER: readonly UnitKind[] = [
  'bureau',
  'county',
  'city',
  'lead_unit',
  'central_unit',
  'provincial_unit',
  'helper',
  'social_org',
  'supervisor',
];
const PINYIN = new Intl.Collator('zh-Hans-CN');

export function consoleContactGroups(roster: Roster): ContactGroup[] {
  const countyOrder = new Map(counties(roster).map((c, i) => [c.id, i]));
  return KIND_ORDER.flatMap((kind) => {
    const units = roster.units
      .filter((u) => u.kind === kind)
      .sort(
        (a, b) =>
          (countyOrder.get(a.id) ?? 0) - (countyOrder.get(b.id) ?? 0) || PINYIN.compare(a.name, b.name),
      );
    const contacts = units.flatMap((unit) =>
      roster.contacts
        .filter((c) => c.unitId === unit.id && c.platform === 'console' && c.platformUserId)
        .map((c) => ({
          userId: c.platformUserId ?? '',
          name: c.name,
          unit: unit.name,
          unitKind: say(`unitKind.${kind}`),
        })),
    );
    return contacts.length > 0 ? [{ label: say(`unitKind.${kind}`), contacts }] : [];
  });
}

export function consoleDeps(
  runtime: Pick<Runtime, 'store' | 'now' | 'logger'>,
  channels: Channels,
  demo: { clock: DemoClock; sweep: () => Promise<ConsoleSweep> } | null,
): ConsoleDeps {
  return {
    contacts: async () => consoleContactGroups(await loadRoster(runtime.store)),
    dispatch: (event) => dispatch(event, channels.bot),
    readInbox: (userId, since) =>
      readInbox(
        mailboxOf(runtime.store),
        { kind: 'user', platform: 'console', userId },
        since,
        runtime.now(),
      ),
    now: runtime.now,
    clock: demo?.clock ?? null,
    sweep: demo?.sweep ?? null,
    newId: () => randomUUID().replace(/-/g, '').slice(0, 16),
    logError: (error, where) => runtime.logger.error({ err: error, where }, 'console request failed'),
  };
}

type ConsoleSweep = Awaited<ReturnType<NonNullable<ConsoleDeps['sweep']>>>;
