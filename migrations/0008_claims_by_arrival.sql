-- Every chat message and card press writes one claim (issue 10). Each index on processed_events is one
-- more B-tree written per claim; the one on seen_at served only the hourly prune. Claims are written in
-- the order they arrive, so the prune walks them oldest first by rowid instead (events-repo.ts).
DROP INDEX processed_events_seen;
