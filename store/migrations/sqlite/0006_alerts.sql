-- 0006_alerts: the alerts raised between digests, and their delivery.
--
-- An alert is stored once, under its key (the event it names: a price move
-- between two runs, an undercut at a pair of prices, a suspect run), so the
-- same event seen by a later crawl is not told again. body is the alert as
-- JSON (shelfwatch.alert/v1), what is sent, so an alert that could not be
-- delivered is re-sent later exactly as it was raised.
--
-- alert_deliveries has a row per alert and destination: sent_at stays NULL
-- until that destination took it, attempts and last_error say how its
-- deliveries failed. A destination that is down does not make the others
-- receive the alert again.
--
-- run_id has no foreign key: an alert is a record of what was said, and must
-- not stop runs from being deleted.

CREATE TABLE alerts (
	id         INTEGER PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE CHECK (key <> ''),
	kind       TEXT NOT NULL CHECK (kind <> ''),
	competitor TEXT NOT NULL DEFAULT '',
	sku        TEXT NOT NULL DEFAULT '',
	run_id     INTEGER,
	body       TEXT NOT NULL,
	raised_at  DATETIME NOT NULL
);

CREATE INDEX alerts_raised_at ON alerts (raised_at);

CREATE TABLE alert_deliveries (
	alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	destination TEXT NOT NULL CHECK (destination <> ''),
	sent_at     DATETIME,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (alert_id, destination)
);

-- What is still to send: a handful of rows, read after every crawl.
CREATE INDEX alert_deliveries_pending ON alert_deliveries (destination, alert_id) WHERE sent_at IS NULL;
