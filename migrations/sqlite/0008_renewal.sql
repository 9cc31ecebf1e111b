-- Branch renewal campaigns. Twin of migrations/postgres/0008_renewal.sql.
--
-- A campaign takes every branch of its scope through: due > convened (the general assembly called,
-- convocation sent) > held (eligible members present, drawn from the registry; quorum) > elected
-- (the new bureau's seats) > validated by the province; or lapsed, or merged into another branch.
-- branch_renewals holds each branch's stage (one row per campaign and branch, updated as it moves),
-- so the dashboard counts a few thousand rows and never the registry.
CREATE TABLE renewal_campaigns (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name_ar            TEXT NOT NULL,
    name_fr            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    scope_code         TEXT NOT NULL REFERENCES territory_units (code),
    scope_path         TEXT NOT NULL,
    starts_on          TEXT NOT NULL,
    ends_on            TEXT NOT NULL,
    -- members whose dues for the year are paid, at least, for a branch to call its assembly
    min_paid_members   BIGINT NOT NULL,
    created_at         TEXT NOT NULL
);

CREATE TABLE branch_renewals (
    campaign_id       BIGINT NOT NULL REFERENCES renewal_campaigns (id),
    branch_code       TEXT NOT NULL REFERENCES territory_units (code),
    branch_path       TEXT NOT NULL,
    -- the branch's commune is rural (else urban, or abroad)
    rural             BOOLEAN NOT NULL,
    -- created during the campaign; in a commune that had no branch before
    new_branch        BOOLEAN NOT NULL,
    new_commune       BOOLEAN NOT NULL,
    -- due | convened | held | elected | validated | lapsed | merged
    stage             TEXT NOT NULL,
    assembly_on       TEXT,
    convocation_sent  BOOLEAN NOT NULL DEFAULT FALSE,
    eligible          BIGINT NOT NULL DEFAULT 0,
    present           BIGINT NOT NULL DEFAULT 0,
    quorum_reached    BOOLEAN NOT NULL DEFAULT FALSE,
    held_on           TEXT,
    elected_on        TEXT,
    validated_on      TEXT,
    validated_by      TEXT,
    closed_reason     TEXT,
    merged_into       TEXT,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (campaign_id, branch_code)
);
CREATE INDEX branch_renewals_path ON branch_renewals (campaign_id, branch_path);

-- Eligible members present at a branch's general assembly.
CREATE TABLE renewal_attendance (
    campaign_id BIGINT NOT NULL REFERENCES renewal_campaigns (id),
    branch_code TEXT NOT NULL,
    person_id   BIGINT NOT NULL REFERENCES people (id),
    PRIMARY KEY (campaign_id, branch_code, person_id)
);
CREATE INDEX renewal_attendance_person ON renewal_attendance (person_id);
