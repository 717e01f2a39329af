-- A counter bumped by every roster change, so each instance can keep the roster in memory and
-- reload it only when it changed (one tiny read per request instead of the whole roster).
CREATE TABLE roster_version (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);
INSERT INTO roster_version (id, version) VALUES (1, 0);
