// The database as Kysely sees it: one interface per table, snake_case as in migrations/.
import type { Generated } from 'kysely';

export interface UnitsTable {
  id: string;
  kind: string;
  name: string;
  city_id: string | null;
  hosts_central_units: string | null;
  note: Generated<string>;
  demo: Generated<number>;
}

export interface RelationsTable {
  kind: string;
  unit_id: string;
  target_id: string;
  whole_city: Generated<number>;
}

export interface StationedVillagesTable {
  county_id: string;
  village: string;
  unit_id: Generated<string>;
}

export interface ContactsTable {
  id: string;
  unit_id: string;
  name: string;
  mobile: string | null;
  platform: string | null;
  platform_user_id: string | null;
  demo: Generated<number>;
}

export interface RevisionsTable {
  form: string;
  period: string;
  county_id: string;
  revision: number;
  row_key: string;
  position: number;
  payload: string;
  contact_id: string;
  unit_id: string;
  source: string;
  submitted_at: string;
}

export interface ProcessedEventsTable {
  key: string;
  seen_at: string;
  /** A chat message waiting to be handled (JSON); NULL once handled, and for other claims. */
  work: string | null;
  taken_by: string | null;
  taken_until: string | null;
}

export interface BindCodesTable {
  code: string;
  contact_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface ConsoleInboxTable {
  key: string;
  recipient: string;
  reply: string;
  created_at: string;
  /** When its person opened the inbox after it came (migration 0014). */
  read_at: string | null;
}

/** A reminder of one unit on one day (migration 0011). */
export interface RemindersTable {
  reminder_key: string;
  unit_id: string;
  obligation: string;
  period: string;
  county_id: string;
  partner_id: string;
  kind: string;
  occurrence: number;
  planned_for: string;
  due: string;
  created_at: string;
}

/** A contact's reminder card of one day: its items are its unit's reminders of that day. */
export interface ReminderMessagesTable {
  message_key: string;
  contact_id: string;
  unit_id: string;
  day: string;
  /** 'skipped': nothing on it was left to say; 'no_recipient': its contact could not be reached. */
  state: 'pending' | 'sent' | 'skipped' | 'no_recipient';
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  /** The reminder keys the card carried, as a JSON array (null until sent). */
  sent_items: string | null;
  last_error: string | null;
  created_at: string;
  /** The platform's id for the sent card (migration 0014); a DingTalk batch's cards share one. */
  platform_message_id: string | null;
  /** What the platform last said of its reading; null: not asked, or it cannot tell. */
  read_state: 'read' | 'unread' | null;
  read_at: string | null;
  read_checked_at: string | null;
}

/** One step of the escalation ladder for one sheet and contact (migration 0014). */
export interface EscalationsTable {
  escalation_key: string;
  obligation: string;
  period: string;
  county_id: string;
  partner_id: string;
  step: 'county' | 'lead';
  contact_id: string;
  /** Workdays the sheet's reminder had stayed unread when the step was taken. */
  unread_workdays: number;
  state: 'pending' | 'done' | 'refused' | 'skipped';
  /** How it went: 'urgent_app' (Feishu 加急), 'ding' (DingTalk DING), 'console'. */
  channel: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  done_at: string | null;
  last_error: string | null;
  day: string;
  created_at: string;
}

export interface SheetEventsTable {
  form: string;
  period: string;
  county_id: string;
  seq: number;
  action: string;
  revision: number;
  reason: Generated<string>;
  contact_id: string;
  unit_id: string;
  at: string;
}

export interface PeriodEventsTable {
  period: string;
  seq: number;
  action: string;
  contact_id: string;
  unit_id: string;
  at: string;
}

export interface RosterVersionTable {
  id: number;
  version: number;
}

export interface DocumentsTable {
  id: string;
  county_id: string;
  year: number;
  obligation: string;
  kind: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  contact_id: string;
  unit_id: string;
  received_at: string;
}

export interface PendingUploadsTable {
  id: string;
  purpose: string;
  contact_id: string;
  platform: string;
  user_id: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_at: string;
  expires_at: string;
  resolution: string | null;
  resolved_at: string | null;
}

/** A DingTalk (timestamp, sign) pair and the message it came with (migration 0013). */
export interface SignatureUsesTable {
  signature: string;
  message_id: string;
  seen_at: string;
}

/** Failed guesses counted in a window (migration 0013). */
export interface AttemptFailuresTable {
  key: string;
  window_start: string;
  failures: number;
}

export interface HolidaySchedulesTable {
  year: number;
  version: number;
  rest_days: string;
  work_days: string;
  source_text: string;
  entered_by: string;
  entered_at: string;
}

export interface AnnouncementsTable {
  announcement_key: string;
  sent_at: string;
}

export interface Database {
  units: UnitsTable;
  relations: RelationsTable;
  stationed_villages: StationedVillagesTable;
  contacts: ContactsTable;
  revisions: RevisionsTable;
  processed_events: ProcessedEventsTable;
  bind_codes: BindCodesTable;
  console_inbox: ConsoleInboxTable;
  reminders: RemindersTable;
  reminder_messages: ReminderMessagesTable;
  escalations: EscalationsTable;
  sheet_events: SheetEventsTable;
  period_events: PeriodEventsTable;
  roster_version: RosterVersionTable;
  documents: DocumentsTable;
  pending_uploads: PendingUploadsTable;
  signature_uses: SignatureUsesTable;
  attempt_failures: AttemptFailuresTable;
  holiday_schedules: HolidaySchedulesTable;
  announcements: AnnouncementsTable;
}
