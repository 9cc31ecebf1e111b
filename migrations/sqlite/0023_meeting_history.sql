-- What became of a meeting, in order: scheduled, postponed (from one day to another, with why),
-- held, cancelled. The meeting row keeps where it stands; this keeps how it got there. Twin of
-- migrations/postgres/0023_meeting_history.sql.
CREATE TABLE meeting_events (
    id          INTEGER PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    -- scheduled | postponed | held | cancelled
    kind        TEXT NOT NULL,
    from_on     TEXT,
    to_on       TEXT,
    reason      TEXT NOT NULL,
    by_label    TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX meeting_events_meeting ON meeting_events (meeting_id);
