-- People and their memberships of the party and its parallel organizations.
-- Twin of migrations/postgres/0002_people.sql.
--
-- What identifies or locates a person (CIN, phone, e-mail, address, birth date) is stored sealed
-- (XChaCha20-Poly1305, key outside the database, the person's uid and the column as associated
-- data). Lookups and uniqueness go through keyed digests (`*_index`), never the clear value.

CREATE TABLE people (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL,
    given_ar          TEXT,
    family_ar         TEXT,
    given_latin       TEXT,
    family_latin      TEXT,
    -- the names in both scripts, folded for search (mizan_text::fold)
    search_name       TEXT NOT NULL,
    sex               TEXT,
    -- kept in clear for age bands; the full date is sealed
    birth_year        BIGINT,
    birth_date_sealed BLOB,
    cin_sealed        BLOB,
    cin_index         TEXT,
    phone_sealed      BLOB,
    phone_index       TEXT,
    phone_tail_index  TEXT,
    email_sealed      BLOB,
    address_sealed    BLOB,
    -- the commune, arrondissement or city abroad where the person lives, and its path (scopes)
    residence_code    TEXT REFERENCES territory_units (code),
    residence_path    TEXT,
    profession        TEXT,
    education         TEXT,
    notes             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
-- Indexes are named statements (not inline constraints) so that a bulk load can set them aside
-- and rebuild them once (store::bulk).
CREATE UNIQUE INDEX people_uid ON people (uid);
CREATE UNIQUE INDEX people_cin ON people (cin_index);
CREATE INDEX people_residence ON people (residence_path);
CREATE INDEX people_phone ON people (phone_index);
CREATE INDEX people_phone_tail ON people (phone_tail_index);

CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES people (id),
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    branch_code     TEXT NOT NULL REFERENCES territory_units (code),
    branch_path     TEXT NOT NULL,
    -- active | lapsed | ended
    status          TEXT NOT NULL,
    role            TEXT NOT NULL,
    joined_on       TEXT NOT NULL,
    ended_on        TEXT,
    end_reason      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX memberships_person ON memberships (person_id);
CREATE INDEX memberships_branch ON memberships (branch_path, organization_id);

-- Active members per unit (at or below it) and organization, kept current on write.
CREATE TABLE membership_rollups (
    unit_code       TEXT NOT NULL REFERENCES territory_units (code),
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    active_members  BIGINT NOT NULL,
    PRIMARY KEY (unit_code, organization_id)
);
