-- DingTalk's HTTP robot signs only the request's timestamp (sign = HMAC(timestamp + secret)), not its
-- body: one (timestamp, sign) pair seen in a log or a proxy would pass with any body for the hour of skew
-- DingTalk allows. Each pair is remembered with the message id it first came with, for the window; the
-- same pair with another message id is a replay. Forgotten with the hourly prune.
CREATE TABLE signature_uses (
  signature TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  seen_at TEXT NOT NULL
);

-- Failed guesses in a window, per key ("bind:<platform>:<user>" for 绑定 codes, "password:<address>"
-- for the console's HTTP Basic): past the limit, further attempts are refused until the window ends.
CREATE TABLE attempt_failures (
  key TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL
);
