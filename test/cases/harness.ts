// Shared behaviour cases: what a person does in chat and what the bot shows them, written once and run
// on every platform and runtime through a `Harness`.
//
// Case files (test/cases/*.ts, test/cases/views/*.ts) run unchanged inside workerd as well as Node, so
// they import no node:* module, no @hono/node-server, no better-sqlite3 and no test/support module
// that does; database checks go through the Kysely `Store` (SQLite and D1 alike).
//
// Adding a runtime (e.g. workerd via @cloudflare/vitest-pool-workers):
//   1. Write test/cases/harness/<platform>-<runtime>.ts exporting a `HarnessFactory`: seed the demo
//      roster in the runtime's database, bind the cast with `castPeople` below, start (or reach) the
//      platform's fake Open API (test/support/fake-*.ts: a real HTTP server in Node; POST
//      <fake>/__test/reset {mobiles} sets its directory from another process) and configure the app
//      with its address.
//   2. Wrap the app as an `AppUnderTest` (how one request reaches it, its sweep, its store) and hand it
//      to the platform's driver, harness/<platform>-driver.ts: the driver signs requests as the
//      platform documents it and reads what was shown from `GET <fake>/__test/sent` through
//      views/<platform>.ts (runtime-free).
//   3. Add a test file that calls `runConversationCases('<platform> on <runtime>', factory)`.
import type { Store } from '../../src/store/store.ts';

export type Platform = 'feishu' | 'dingtalk';

/** A roster unit as the demo roster names it. */
export interface UnitRef {
  kind: 'county' | 'city' | 'lead_unit' | 'bureau';
  name: string;
}

/** How a person of the cast is known to the bot when the case starts. */
export type PersonSpec =
  /** Their platform account is already bound to the unit's contact. */
  | { unit: UnitRef; account: 'bound' }
  /** The contact has no account yet; the platform directory knows their mobile. */
  | { unit: UnitRef; account: 'by-mobile' }
  /** The contact has no account and the directory does not know it (bind with a one-time code). */
  | { unit: UnitRef; account: 'unbound' }
  /** Someone outside the roster. */
  | { stranger: true };

export interface Setup {
  /** The app's clock. */
  now: Date;
  people: Record<string, PersonSpec>;
}

/** One input of a shown form: its name and current value. */
export interface ShownInput {
  name: string;
  value: string;
}

/** A button as the person sees it, with what the harness needs to press it. */
export interface ShownButton {
  label: string;
  /** Submits the card's form (its values go with the press). */
  submitsForm: boolean;
  /** Platform-specific: only the harness that produced it reads it. */
  handle: unknown;
}

/** What the bot showed: a text message or a card, normalised across platforms. */
export interface Shown {
  kind: 'text' | 'card';
  title: string;
  /** Every visible line (title excluded), markdown emphasis and colour tags removed. */
  text: string;
  buttons: ShownButton[];
  inputs: ShownInput[];
}

/** The platform's answer to a button press. */
export interface Answer {
  status: number;
  toast?: { tone: 'info' | 'success' | 'warning' | 'danger'; text: string };
  /** The card that replaces the pressed one, from the callback's answer. */
  card?: Shown;
  /** The same replacement put through the Open API afterwards, on platforms that do so. */
  updated?: Shown;
}

export interface Harness {
  platform: Platform;
  /** The app's database (the same one the runtime under test writes). */
  store: Store;
  /** The platform account id the harness gave a person of the cast. */
  accountOf(who: string): string;
  /** The person says something one-to-one, or in their group — @-mentioning the bot unless `mention`
   *  is false. `times` > 1 delivers the very same message again (a platform redelivery). Resolves once
   *  the bot is done. */
  send(
    who: string,
    text: string,
    options?: { group?: boolean; mention?: boolean; times?: number },
  ): Promise<{ status: number }>;
  /** The person presses a button of a card they were shown; `form` goes with a form's submit. */
  press(who: string, button: ShownButton, form?: Record<string, string>): Promise<Answer>;
  /** Everything the bot sent the person one-to-one (or to their group), oldest first. */
  sent(who: string, options?: { group?: boolean }): Promise<Shown[]>;
  /** Mobiles the bot looked up in the platform directory. */
  directoryLookups(): Promise<string[]>;
  /** Open API calls the fake received: all of them, and the access-token requests among them. */
  apiCalls(): Promise<{ total: number; token: number }>;
  /** One reminder sweep at `at`, as the runtime's scheduler would run it. */
  sweep(at: Date): Promise<{ sent: number; failed: number }>;
  close(): Promise<void>;
}

export type HarnessFactory = (setup: Setup) => Promise<Harness>;

/** The runtime under test as the platform drivers (harness/<platform>-driver.ts) use it: a runtime's
 *  harness provides this and the fake's address, and the driver does the rest. */
export interface AppUnderTest {
  /** The app's database. */
  store: Store;
  /** One request to the app as the runtime serves it; resolves once the work it deferred is done. */
  request(path: string, init: RequestInit): Promise<Response>;
  /** One reminder sweep at `at`, as the runtime's scheduler runs it. */
  sweep(at: Date): Promise<{ sent: number; failed: number }>;
  /** Resolves once the work the app deferred is done (events that came over a long connection). */
  settle?(): Promise<void>;
  /** The long connections' states (Node, when the app connects out). */
  connections?(): readonly object[];
  close(): Promise<void>;
}

/** The unit id the roster gives a unit. */
export function unitId(unit: UnitRef): string {
  return `${unit.kind}:${unit.name}`;
}

/** The contact (its id and mobile) of a unit in the seeded roster: the first one listed. */
export async function contactOf(store: Store, unit: UnitRef): Promise<{ id: string; mobile: string }> {
  const row = await store.db
    .selectFrom('contacts')
    .select(['id', 'mobile'])
    .where('unit_id', '=', unitId(unit))
    .orderBy('id')
    .executeTakeFirst();
  if (!row?.mobile) throw new Error(`no contact with a mobile for ${unitId(unit)}`);
  return { id: row.id, mobile: row.mobile };
}

/** Binds or unbinds the cast's contacts in the store and returns the mobiles the platform directory
 *  should know (mobile → account id). `accountFor` gives each person their platform id. */
export async function castPeople(
  store: Store,
  platform: Platform,
  people: Record<string, PersonSpec>,
  accountFor: (who: string) => string,
): Promise<Record<string, string>> {
  const directory: Record<string, string> = {};
  for (const [who, spec] of Object.entries(people)) {
    if ('stranger' in spec) continue;
    const contact = await contactOf(store, spec.unit);
    const bound = spec.account === 'bound';
    await store.db
      .updateTable('contacts')
      .set({ platform: bound ? platform : null, platform_user_id: bound ? accountFor(who) : null })
      .where('id', '=', contact.id)
      .execute();
    if (spec.account === 'by-mobile') directory[contact.mobile] = accountFor(who);
  }
  return directory;
}

// ---------------------------------------------------------------------------------------------------
// Reading what was shown.

export function lastOf(items: readonly Shown[], kind?: Shown['kind']): Shown {
  const matching = kind ? items.filter((i) => i.kind === kind) : items;
  const last = matching[matching.length - 1];
  if (!last) throw new Error(`nothing${kind ? ` of kind ${kind}` : ''} was shown`);
  return last;
}

export function buttonLabelled(shown: Shown, label: string): ShownButton {
  const button = shown.buttons.find((b) => b.label.includes(label));
  if (!button) throw new Error(`no button “${label}” in ${shown.buttons.map((b) => b.label).join(', ')}`);
  return button;
}

/** The form's current values by input name. */
export function valuesOf(shown: Shown): Record<string, string> {
  return Object.fromEntries(shown.inputs.map((i) => [i.name, i.value]));
}

/** Markdown emphasis, colour tags, list and quote markers and hard breaks removed, per line. */
export function plainLines(markdown: string): string {
  return markdown
    .replace(/<font[^>]*>|<\/font>/g, '')
    .replace(/\*\*/g, '')
    .split('\n')
    .map((line) => line.replace(/ {2}$/, '').replace(/^\s*(?:[-*] |> ?|#{1,6} )/, ''))
    .join('\n');
}
