-- Portable SQL: runs unchanged on SQLite (better-sqlite3), Cloudflare D1 and PostgreSQL.
-- No autoincrement ids: every table has a natural key, so writes are single idempotent statements.

-- Units of the roster: counties, cities, lead units, assistance units, helpers, social orgs, the bureau.
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  city_id TEXT,
  hosts_central_units TEXT,
  note TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX units_kind ON units (kind);

-- The relations the notice names (lead unit, central/provincial assistance, helper, social org, supervisor).
CREATE TABLE relations (
  kind TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  whole_city INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, unit_id, target_id)
);
CREATE INDEX relations_target ON relations (target_id);

-- Villages where a provincial unit is stationed (驻点村): not regional-pairing villages (R2).
CREATE TABLE stationed_villages (
  county_id TEXT NOT NULL,
  village TEXT NOT NULL,
  unit_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (county_id, village)
);

-- People who talk to the bot; platform_user_id is bound on first contact.
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL,
  name TEXT NOT NULL,
  mobile TEXT,
  platform TEXT,
  platform_user_id TEXT,
  demo INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX contacts_platform_user ON contacts (platform, platform_user_id);
CREATE INDEX contacts_unit ON contacts (unit_id);
CREATE INDEX contacts_mobile ON contacts (mobile);

-- Append-only revisions of every sheet (ledger or declaration) a county's side submitted. Revision N of
-- (form, period, county) is one header row (row_key '') plus its data rows, written by one INSERT, so a
-- revision is never half written; two writers racing for the same N collide on the primary key.
CREATE TABLE revisions (
  form TEXT NOT NULL,
  period TEXT NOT NULL,
  county_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  row_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  payload TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  source TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (form, period, county_id, revision, row_key)
);
CREATE INDEX revisions_period ON revisions (period, form);
