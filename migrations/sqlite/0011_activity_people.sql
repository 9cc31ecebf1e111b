-- Registered beneficiaries: identified people of the registry linked to an activity they benefited
-- from, each with the consent recorded for it. Twin of migrations/postgres/0011_activity_people.sql.
-- Counted beneficiaries (activity_counts) are totals; these are people, counted once however many
-- activities reached them.
CREATE TABLE activity_people (
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    person_id   BIGINT NOT NULL REFERENCES people (id),
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_people_person ON activity_people (person_id);
