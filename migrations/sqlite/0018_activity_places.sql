-- The other communes an activity went through (a caravan stopping in three douars of a
-- province). Twin of migrations/postgres/0018_activity_places.sql. The activity counts once, in
-- its first commune (activities.commune_code, where the rollups put it and its beneficiaries);
-- these say where else it was.
CREATE TABLE activity_places (
    activity_id  BIGINT NOT NULL REFERENCES activities (id),
    commune_code TEXT NOT NULL REFERENCES territory_units (code),
    commune_path TEXT NOT NULL,
    PRIMARY KEY (activity_id, commune_code)
);
CREATE INDEX activity_places_path ON activity_places (commune_path);
