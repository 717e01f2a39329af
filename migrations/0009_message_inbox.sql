-- A chat message is answered 200 before it is handled. Until it has been, it is kept with its claim, so
-- a crash between the answer and the bot's reply loses nothing: the next start (or, on Workers, the
-- next cron) handles it. `work` is the message (JSON), NULL once handled and for everything else
-- claimed here; `taken_by`/`taken_until` lease it to the process handling it. The index holds only the
-- messages still waiting, in the order they are taken: untaken first, by arrival.
ALTER TABLE processed_events ADD COLUMN work TEXT;
ALTER TABLE processed_events ADD COLUMN taken_by TEXT;
ALTER TABLE processed_events ADD COLUMN taken_until TEXT;
CREATE INDEX processed_events_waiting ON processed_events (taken_until) WHERE work IS NOT NULL;
