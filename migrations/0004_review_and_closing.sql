-- Review of a sheet by its reviewing unit, and reopening after a period is closed: append-only
-- events per sheet (form, period, county), numbered; the latest decides the state.
CREATE TABLE sheet_events (
  form TEXT NOT NULL,
  period TEXT NOT NULL,
  county_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  action TEXT NOT NULL,
  revision INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  contact_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (form, period, county_id, seq)
);

-- Closing (封账) and reopening a whole period, append-only.
CREATE TABLE period_events (
  period TEXT NOT NULL,
  seq INTEGER NOT NULL,
  action TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (period, seq)
);
