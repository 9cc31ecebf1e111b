-- Policy Café: live Q&A sessions between young people and a panel (ministers, officials).
-- Twin of migrations/postgres/0012_cafe.sql.
--
-- Participants have no account: a device is a random token kept in a cookie, stored here only as
-- its SHA-256. One vote per device per question is the primary key of cafe_votes, so no race
-- can count a device twice; cafe_questions.votes is that table's count, kept current in the
-- transaction that writes the votes. The moderation log is public with the session's archive.
CREATE TABLE cafe_sessions (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    event             TEXT NOT NULL,
    place             TEXT NOT NULL,
    -- the territory of the event: moderators and organizers are scoped by it
    unit_code         TEXT NOT NULL REFERENCES territory_units (code),
    unit_path         TEXT NOT NULL,
    organizer_body_id BIGINT REFERENCES bodies (id),
    opens_at          TEXT NOT NULL,
    closes_at         TEXT NOT NULL,
    anonymous_allowed BOOLEAN NOT NULL,
    -- questions wait for a moderator before anyone sees them
    premoderation     BOOLEAN NOT NULL,
    max_length        BIGINT NOT NULL,
    -- how many questions one device may vote for (0: no limit)
    votes_per_device  BIGINT NOT NULL,
    -- the kill switch: no question and no vote is taken while it is on
    paused            BOOLEAN NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX cafe_sessions_path ON cafe_sessions (unit_path);

CREATE TABLE cafe_panelists (
    id         INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES cafe_sessions (id),
    name_ar    TEXT NOT NULL,
    name_latin TEXT NOT NULL,
    role       TEXT NOT NULL,
    -- sectors the panelist answers for, comma-separated (education, health, employment…)
    sectors    TEXT NOT NULL
);
CREATE INDEX cafe_panelists_session ON cafe_panelists (session_id);

CREATE TABLE cafe_devices (
    id           INTEGER PRIMARY KEY,
    token_digest TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
);

CREATE TABLE cafe_questions (
    id            INTEGER PRIMARY KEY,
    session_id    BIGINT NOT NULL REFERENCES cafe_sessions (id),
    device_id     BIGINT NOT NULL REFERENCES cafe_devices (id),
    body          TEXT NOT NULL,
    -- what the participant chose to say of themselves; both may be empty (anonymous)
    first_name    TEXT NOT NULL,
    age_band      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'published', 'hidden', 'merged')),
    hidden_reason TEXT,
    merged_into   BIGINT REFERENCES cafe_questions (id),
    sector        TEXT NOT NULL,
    pinned        BOOLEAN NOT NULL,
    answered      BOOLEAN NOT NULL,
    votes         BIGINT NOT NULL,
    asked_at      TEXT NOT NULL,
    -- after the session: the answer given on stage, and by whom
    answer        TEXT NOT NULL,
    answered_by   BIGINT REFERENCES cafe_panelists (id)
);
CREATE INDEX cafe_questions_session ON cafe_questions (session_id, status);

CREATE TABLE cafe_votes (
    question_id BIGINT NOT NULL REFERENCES cafe_questions (id),
    device_id   BIGINT NOT NULL REFERENCES cafe_devices (id),
    cast_at     TEXT NOT NULL,
    PRIMARY KEY (question_id, device_id)
);
CREATE INDEX cafe_votes_device ON cafe_votes (device_id);

CREATE TABLE cafe_moderation_log (
    id          INTEGER PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES cafe_sessions (id),
    question_id BIGINT REFERENCES cafe_questions (id),
    -- approve, hide, merge, tag, pin, unpin, answered, pause, resume
    action      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    moderator   TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX cafe_moderation_log_session ON cafe_moderation_log (session_id, id);

CREATE TABLE cafe_commitments (
    id          INTEGER PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES cafe_questions (id),
    panelist_id BIGINT REFERENCES cafe_panelists (id),
    commitment  TEXT NOT NULL,
    sector      TEXT NOT NULL,
    due_on      TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX cafe_commitments_question ON cafe_commitments (question_id);
