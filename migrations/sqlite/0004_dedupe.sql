-- Finding the same person registered twice, and merging them with nothing lost. Twin of
-- migrations/postgres/0004_dedupe.sql.
--
-- `people.dedupe_key`: the skeletons of the person's names, sorted (mizan_text::dedupe_key); two
-- records with the same key in the same commune are candidates. Filled by the application
-- (people::store::refresh_search_keys) for people stored before.
ALTER TABLE people ADD COLUMN dedupe_key TEXT;
CREATE INDEX people_dedupe ON people (dedupe_key, residence_code);

-- Every merge: the record that disappeared (sealed whole, with its uid as associated data), who
-- it went into, which fields came from it, when and by whom.
CREATE TABLE person_merges (
    id             INTEGER PRIMARY KEY,
    survivor_id    BIGINT NOT NULL REFERENCES people (id),
    merged_uid     TEXT NOT NULL,
    merged_record  BLOB NOT NULL,
    fields_taken   TEXT NOT NULL,
    merged_by      TEXT NOT NULL,
    merged_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX person_merges_uid ON person_merges (merged_uid);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
