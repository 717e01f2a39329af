-- The sweep finds which of today's reminders are already queued by their message keys (one card per
-- contact and day), on reminder_outbox_message; this index served only that lookup, and was one more
-- B-tree written for every row of a national morning (65,000): ~5% of its plan + enqueue, measured.
DROP INDEX reminder_outbox_planned;
