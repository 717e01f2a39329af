// What the console is given by the runtime: the one bot entry, the console mailbox, the demo
// contacts, and — in demo mode only — the demo clock and a reminder sweep at its time.
import type { BotResponse, InboundEvent, Reply } from '../../conversation/model.ts';

export interface ConsoleContact {
  /** The console user id (demo-004). */
  userId: string;
  name: string;
  unit: string;
  /** The unit kind as people say it (重点帮扶县, 省直牵头单位, …). */
  unitKind: string;
}

export interface ContactGroup {
  label: string;
  contacts: ConsoleContact[];
}

export interface InboxItem {
  key: string;
  reply: Reply;
  createdAt: string;
}

export interface ConsoleClock {
  now(): Date;
  set(at: Date): void;
  reset(): void;
  moved(): boolean;
}

export interface SweepCounts {
  enqueued: number;
  sent: number;
  skipped: number;
  failed: number;
}

export interface ConsoleDeps {
  /** The console contacts, grouped by unit kind, in the order to show them. */
  contacts(): Promise<ContactGroup[]>;
  dispatch(event: InboundEvent): Promise<BotResponse>;
  /** What was sent to a console user after `since` (an ISO instant; '' for everything). */
  readInbox(userId: string, since: string): Promise<InboxItem[]>;
  now(): Date;
  /** Only in demo mode (never with a chat platform configured). */
  clock: ConsoleClock | null;
  /** One reminder sweep at the (demo) time; only in demo mode. */
  sweep: (() => Promise<SweepCounts>) | null;
  newId(): string;
  logError(error: unknown, where: string): void;
}
