-- A meeting's guest may be a person of the registry (a member of another body, an elected
-- official): the line then follows the person through a merge and goes with them on an erasure.
ALTER TABLE meeting_guests ADD COLUMN person_id BIGINT REFERENCES people (id);
CREATE INDEX meeting_guests_person ON meeting_guests (person_id);
