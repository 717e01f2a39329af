-- Reminders to send: one row per planned reminder and contact, under a unique key, so planning twice
-- (two processes, a restart) enqueues once. All of a contact's reminders of one day share a
-- message_key and go out as one card. A sender claims a message by compare-and-set (claimed_at
-- older than the lease), sends it with the message_key as the platform's idempotency key, then marks it.
CREATE TABLE reminder_outbox (
  reminder_key TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  message_key TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  obligation TEXT NOT NULL,
  period TEXT NOT NULL,
  county_id TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  planned_for TEXT NOT NULL,
  due TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_at TEXT,
  sent_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (reminder_key, contact_id)
);
CREATE INDEX reminder_outbox_message ON reminder_outbox (message_key);
CREATE INDEX reminder_outbox_pending ON reminder_outbox (state, next_attempt_at);
CREATE INDEX reminder_outbox_county ON reminder_outbox (county_id, planned_for);
