-- Volunteer campaigns, activities and their beneficiaries. Twin of migrations/postgres/0010_activities.sql.
--
-- Activity types and beneficiary categories are data. Counted beneficiaries are totals per category
-- for an activity; the figures read activity_rollups (commune × day × type × category), kept
-- current in the transaction of every write and rebuilt from the activities by `mizan rollups
-- rebuild`, so a dashboard never scans activities.
CREATE TABLE beneficiary_categories (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_ar  TEXT NOT NULL,
    name_fr  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    -- women, men and children make the total of counted beneficiaries; youth, elderly, people
    -- with disabilities are "of whom" (counted within the total, never added to it)
    in_total BOOLEAN NOT NULL,
    rank     BIGINT NOT NULL
);

CREATE TABLE activity_types (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_ar  TEXT NOT NULL,
    name_fr  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    icon     TEXT NOT NULL,
    active   BOOLEAN NOT NULL
);

CREATE TABLE volunteer_campaigns (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE,
    name_ar              TEXT NOT NULL,
    name_fr              TEXT NOT NULL,
    name_en              TEXT NOT NULL,
    scope_code           TEXT NOT NULL REFERENCES territory_units (code),
    scope_path           TEXT NOT NULL,
    starts_on            TEXT NOT NULL,
    ends_on              TEXT NOT NULL,
    target_activities    BIGINT NOT NULL,
    target_beneficiaries BIGINT NOT NULL,
    created_at           TEXT NOT NULL
);

-- planned | done | verified | rejected
CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    type_id          BIGINT NOT NULL REFERENCES activity_types (id),
    campaign_id      BIGINT REFERENCES volunteer_campaigns (id),
    title            TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    commune_code     TEXT NOT NULL REFERENCES territory_units (code),
    commune_path     TEXT NOT NULL,
    rural            BOOLEAN NOT NULL,
    -- the organizing body (a branch bureau, a provincial council, a bureau of a parallel
    -- organization) and the path of its unit: verification is for a coordinator above it
    organizer_body_id BIGINT REFERENCES bodies (id),
    organizer_path   TEXT NOT NULL,
    description      TEXT NOT NULL,
    status           TEXT NOT NULL,
    rejection_reason TEXT,
    recorded_by      TEXT NOT NULL,
    verified_by      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX activities_path ON activities (commune_path, starts_on);
CREATE INDEX activities_campaign ON activities (campaign_id);

-- Counted beneficiaries: a total per category.
CREATE TABLE activity_counts (
    activity_id  BIGINT NOT NULL REFERENCES activities (id),
    category_id  BIGINT NOT NULL REFERENCES beneficiary_categories (id),
    count        BIGINT NOT NULL,
    PRIMARY KEY (activity_id, category_id)
);

-- The rollup the dashboards read: per commune, day (the activity's first), type and status, the
-- activities and, per category, their counted beneficiaries (category 0 holds the activity count).
CREATE TABLE activity_rollups (
    commune_code  TEXT NOT NULL,
    commune_path  TEXT NOT NULL,
    day           TEXT NOT NULL,
    type_id       BIGINT NOT NULL,
    campaign_id   BIGINT NOT NULL,
    status        TEXT NOT NULL,
    category_id   BIGINT NOT NULL,
    amount        BIGINT NOT NULL,
    PRIMARY KEY (commune_code, day, type_id, campaign_id, status, category_id)
);
CREATE INDEX activity_rollups_path ON activity_rollups (commune_path, day);
