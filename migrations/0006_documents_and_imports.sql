-- Documents a county sent for D1/D2 (DESIGN §2): who, when, which document, and the file's facts.
-- The bytes live in the document store (a directory on Node, R2 on Workers) under storage_key.
-- Append-only: a second file for the same document is a new row; the latest counts.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  county_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  obligation TEXT NOT NULL,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX documents_by_year_county ON documents (year, county_id, kind);

-- A file received in chat and waiting for its sender's answer: a filled template waiting for
-- 确认保存, or a document waiting for "which one is it". The button carries the id; only the sender
-- may answer, once (resolution is set by a compare-and-set update), before expires_at.
CREATE TABLE pending_uploads (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  user_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  resolution TEXT,
  resolved_at TEXT
);
CREATE INDEX pending_uploads_by_expiry ON pending_uploads (expires_at);
