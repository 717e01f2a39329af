-- Platform deliveries are at least once: every processed event or message id is claimed here under a
-- unique key, so a redelivery (or a second instance) acts once. Kept well past Feishu's ~7 h retries.
CREATE TABLE processed_events (
  key TEXT PRIMARY KEY,
  seen_at TEXT NOT NULL
);
CREATE INDEX processed_events_seen ON processed_events (seen_at);

-- One-time codes the bureau issues so a person can bind their chat account: "绑定 <code>".
CREATE TABLE bind_codes (
  code TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

-- The local console's mailbox: what the bot sent to console users (demo and evaluation without a
-- tenant). The idempotency key makes a retried send a no-op, as Feishu's uuid does.
CREATE TABLE console_inbox (
  key TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  reply TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX console_inbox_recipient ON console_inbox (recipient, created_at);
