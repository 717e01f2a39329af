-- Receipts: each sent card keeps the platform's id for it (Feishu message_id, DingTalk processQueryKey,
-- which several cards of one batch share; the console's mail key), and what was last learnt of its
-- reading: 'read', 'unread', or NULL (not asked, or the platform cannot tell), and when it was asked.
ALTER TABLE reminder_messages ADD COLUMN platform_message_id TEXT;
ALTER TABLE reminder_messages ADD COLUMN read_state TEXT;
ALTER TABLE reminder_messages ADD COLUMN read_at TEXT;
ALTER TABLE reminder_messages ADD COLUMN read_checked_at TEXT;
-- The console marks its mail read when its person opens the inbox.
ALTER TABLE console_inbox ADD COLUMN read_at TEXT;

-- The escalation ladder: one row per sheet (obligation, period, county, partner), step ('county',
-- 'lead') and contact, written once under its key and then claimed by compare-and-set under a lease,
-- like a card, so two instances never urge the same person twice. state: 'pending', then 'done',
-- 'refused' (the platform said no: permission or quota) or 'skipped' (nothing to urge it by).
CREATE TABLE escalations (
  escalation_key TEXT PRIMARY KEY,
  obligation TEXT NOT NULL,
  period TEXT NOT NULL,
  county_id TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  step TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  unread_workdays INTEGER NOT NULL,
  state TEXT NOT NULL,
  channel TEXT,
  claimed_by TEXT,
  claimed_at TEXT,
  done_at TEXT,
  last_error TEXT,
  day TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- A sheet's steps (the ladder, its history) and 提醒记录 of a scope.
CREATE INDEX escalations_sheet ON escalations (county_id, obligation, period);
