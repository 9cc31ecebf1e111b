-- Bodies, mandates and meetings. Twin of migrations/postgres/0007_bodies.sql.
--
-- A body type is data: its names, the organization it belongs to, the territorial level its bodies
-- sit at, how often they are expected to meet, and its quorum rule. Changing a type changes the
-- figures computed from it (the quorum is worked out when read, from the stored counts).
CREATE TABLE body_types (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    organization_id     BIGINT NOT NULL REFERENCES organizations (id),
    name_ar             TEXT NOT NULL,
    name_fr             TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    -- the territory level its bodies sit at: country | region | province | branch
    level               TEXT NOT NULL,
    -- expected meetings per year (at least)
    meetings_per_year   BIGINT NOT NULL,
    -- majority (more than half of the members) | share (at least numerator/denominator of them)
    quorum_rule         TEXT NOT NULL,
    quorum_numerator    BIGINT NOT NULL,
    quorum_denominator  BIGINT NOT NULL,
    -- one body per unit of the level, created in bulk (and with each new unit)
    one_per_unit        BOOLEAN NOT NULL,
    created_at          TEXT NOT NULL
);

-- The seats of a body type (secretary, treasurer, member…); a single seat has one holder at a time.
CREATE TABLE body_positions (
    body_type_id BIGINT NOT NULL REFERENCES body_types (id),
    code         TEXT NOT NULL,
    name_ar      TEXT NOT NULL,
    name_fr      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    single_seat  BOOLEAN NOT NULL,
    rank         BIGINT NOT NULL,
    PRIMARY KEY (body_type_id, code)
);

CREATE TABLE bodies (
    id             INTEGER PRIMARY KEY,
    body_type_id   BIGINT NOT NULL REFERENCES body_types (id),
    unit_code      TEXT NOT NULL REFERENCES territory_units (code),
    unit_path      TEXT NOT NULL,
    formed_on      TEXT NOT NULL,
    dissolved_on   TEXT,
    -- kept current on write: meetings held (with attendance) and the last one's day
    meetings_held  BIGINT NOT NULL DEFAULT 0,
    last_held_on   TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (body_type_id, unit_code)
);
CREATE INDEX bodies_type_path ON bodies (body_type_id, unit_path);
CREATE INDEX bodies_unit ON bodies (unit_code);

-- Who holds which seat of a body, from a day to a day; history is kept (ended, never deleted).
CREATE TABLE mandates (
    id             INTEGER PRIMARY KEY,
    body_id        BIGINT NOT NULL REFERENCES bodies (id),
    person_id      BIGINT NOT NULL REFERENCES people (id),
    position_code  TEXT NOT NULL,
    started_on     TEXT NOT NULL,
    ended_on       TEXT,
    end_reason     TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX mandates_body ON mandates (body_id, ended_on);
CREATE INDEX mandates_person ON mandates (person_id);

-- National themes meetings are asked to discuss.
CREATE TABLE meeting_themes (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_ar  TEXT NOT NULL,
    name_fr  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    active   BOOLEAN NOT NULL
);

-- A meeting of a body: scheduled > held | postponed | cancelled. Held only with its attendance;
-- the counts are kept with it (members = the body's members when it met).
CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    body_id      BIGINT NOT NULL REFERENCES bodies (id),
    unit_path    TEXT NOT NULL,
    -- scheduled | held | postponed | cancelled
    status       TEXT NOT NULL,
    scheduled_on TEXT NOT NULL,
    held_on      TEXT,
    place        TEXT NOT NULL,
    agenda       TEXT NOT NULL,
    theme_id     BIGINT REFERENCES meeting_themes (id),
    members      BIGINT NOT NULL DEFAULT 0,
    present      BIGINT NOT NULL DEFAULT 0,
    excused      BIGINT NOT NULL DEFAULT 0,
    absent       BIGINT NOT NULL DEFAULT 0,
    guests       BIGINT NOT NULL DEFAULT 0,
    minutes      TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX meetings_body ON meetings (body_id, status, held_on);
CREATE INDEX meetings_path ON meetings (unit_path);

-- present | excused | absent, for each member of the body when it met.
CREATE TABLE meeting_attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    person_id  BIGINT NOT NULL REFERENCES people (id),
    presence   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_attendance_person ON meeting_attendance (person_id);

-- Invited guests: a name and a quality, not people of the registry.
CREATE TABLE meeting_guests (
    id         INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    name       TEXT NOT NULL,
    quality    TEXT NOT NULL
);
CREATE INDEX meeting_guests_meeting ON meeting_guests (meeting_id);

-- What a meeting decided, who carries it and by when: open | done.
CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    meeting_id      BIGINT NOT NULL REFERENCES meetings (id),
    unit_path       TEXT NOT NULL,
    text            TEXT NOT NULL,
    owner_person_id BIGINT REFERENCES people (id),
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,
    done_on         TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX decisions_meeting ON decisions (meeting_id);
CREATE INDEX decisions_path ON decisions (unit_path, status);
CREATE INDEX decisions_owner ON decisions (owner_person_id);
