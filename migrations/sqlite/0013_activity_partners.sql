-- The partner organizations of an activity (associations, a commune, a hospital…), by name.
-- Twin of migrations/postgres/0013_activity_partners.sql.
CREATE TABLE activity_partners (
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    name        TEXT NOT NULL,
    PRIMARY KEY (activity_id, name)
);
