-- The volunteers of an activity: people of the registry who gave their time to it (not its
-- beneficiaries). Twin of migrations/postgres/0014_activity_volunteers.sql. Erasure deletes a
-- person's rows, a merge moves them; the subject file lists them.
CREATE TABLE activity_volunteers (
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    person_id   BIGINT NOT NULL REFERENCES people (id),
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_volunteers_person ON activity_volunteers (person_id);
