-- The reminder outbox as two tables instead of one row per reminder and contact. A reminder belongs
-- to the unit it reminds, and every contact of that unit gets the same items, so the items are kept
-- once per unit (`reminders`) and the sending state once per card (`reminder_messages`: a contact's
-- card of a day). A card's items are its unit's reminders of its day. A national morning writes
-- ~7,000 reminders and ~11,000 cards instead of ~65,000 rows that repeated each item for all twelve
-- contacts of a county.
CREATE TABLE reminders (
  reminder_key TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL,
  obligation TEXT NOT NULL,
  period TEXT NOT NULL,
  county_id TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  planned_for TEXT NOT NULL,
  due TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- A card's items.
CREATE INDEX reminders_unit ON reminders (unit_id, planned_for);
-- 提醒记录 of a scope.
CREATE INDEX reminders_county ON reminders (county_id, planned_for);

-- A sender claims a card by compare-and-set (claimed_at older than the lease), sends it with its
-- message_key as the platform's idempotency key, then marks it sent with the keys of the reminders it
-- carried (`sent_items`, a JSON array). A reminder queued after its unit's cards went out goes on a
-- follow-up card (`<key>#2`, …) that carries only what the contact's earlier cards of the day did not.
CREATE TABLE reminder_messages (
  message_key TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  day TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_at TEXT,
  sent_at TEXT,
  sent_items TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX reminder_messages_pending ON reminder_messages (state, next_attempt_at);
-- A day's cards (follow-ups), and a unit's cards of a day (a card's items, 提醒记录).
CREATE INDEX reminder_messages_day ON reminder_messages (day, unit_id);

-- What was queued and sent so far moves over: each reminder once, each card once. A card that went out
-- is sent, carrying the reminders sent on it; one whose rows all wait is pending; else skipped. Rows
-- that were still waiting on a card that had gone out (queued after it) go on a follow-up card.
INSERT INTO reminders (reminder_key, unit_id, obligation, period, county_id, partner_id, kind,
  occurrence, planned_for, due, created_at)
SELECT reminder_key, min(unit_id), min(obligation), min(period), min(county_id), min(partner_id),
  min(kind), min(occurrence), min(planned_for), min(due), min(created_at)
FROM reminder_outbox GROUP BY reminder_key;

INSERT INTO reminder_messages (message_key, contact_id, unit_id, day, state, attempts, next_attempt_at,
  claimed_by, claimed_at, sent_at, sent_items, last_error, created_at)
SELECT o.message_key, min(o.contact_id), min(o.unit_id), min(o.planned_for),
  CASE
    WHEN sum(o.state = 'sent') > 0 THEN 'sent'
    WHEN sum(o.state = 'pending') > 0 THEN 'pending'
    ELSE 'skipped'
  END,
  CASE
    WHEN sum(o.state = 'sent') > 0 THEN max(CASE WHEN o.state = 'sent' THEN o.attempts END)
    ELSE max(o.attempts)
  END,
  min(o.next_attempt_at),
  CASE WHEN sum(o.state = 'sent') = 0 THEN max(o.claimed_by) END,
  CASE WHEN sum(o.state = 'sent') = 0 THEN max(o.claimed_at) END,
  max(o.sent_at),
  CASE WHEN sum(o.state = 'sent') > 0 THEN (
    SELECT json_group_array(s.reminder_key) FROM reminder_outbox s
    WHERE s.message_key = o.message_key AND s.state = 'sent'
  ) END,
  CASE WHEN sum(o.state = 'sent') = 0 THEN max(o.last_error) END,
  min(o.created_at)
FROM reminder_outbox o GROUP BY o.message_key;

INSERT INTO reminder_messages (message_key, contact_id, unit_id, day, state, attempts, next_attempt_at,
  claimed_by, claimed_at, last_error, created_at)
SELECT o.message_key || '#2', min(o.contact_id), min(o.unit_id), min(o.planned_for), 'pending',
  max(o.attempts), min(o.next_attempt_at), max(o.claimed_by), max(o.claimed_at), max(o.last_error),
  min(o.created_at)
FROM reminder_outbox o
WHERE o.state = 'pending'
  AND EXISTS (SELECT 1 FROM reminder_outbox s WHERE s.message_key = o.message_key AND s.state = 'sent')
GROUP BY o.message_key;

DROP TABLE reminder_outbox;
