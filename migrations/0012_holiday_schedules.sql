-- The State Council's holiday schedule of a year as the bureau entered it (`holidays enter`), kept in
-- versions: a schedule entered again (a correction, --replace) adds a version, and the newest is used.
-- `rest_days` and `work_days` are JSON arrays of local dates; `source_text` is what was pasted.
CREATE TABLE holiday_schedules (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  rest_days TEXT NOT NULL,
  work_days TEXT NOT NULL,
  source_text TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  PRIMARY KEY (year, version)
);

-- Announcements the bot makes once (e.g. "next year's holiday schedule has not been entered", told
-- to each of the bureau's contacts from December 1st), recorded once sent so they are not repeated.
CREATE TABLE announcements (
  announcement_key TEXT PRIMARY KEY,
  sent_at TEXT NOT NULL
);
