-- Indexes for national scale (issue 10).
-- Status and reminders read, per form and period, each county's revision count and first and last
-- submission: the header rows only. This index answers that without touching the rows' payloads.
CREATE INDEX revisions_heads ON revisions (form, period, row_key, county_id, revision, submitted_at);
-- The sweep reads which reminders of today are already queued (it runs every few minutes, and
-- rewriting tens of thousands of rows only to have each refused costs seconds).
CREATE INDEX reminder_outbox_planned ON reminder_outbox (planned_for);
