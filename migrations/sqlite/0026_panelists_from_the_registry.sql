-- A café panelist may be a person of the registry (a minister, an executive committee member):
-- the seat then follows the person through a merge, and lets go of them on an erasure.
ALTER TABLE cafe_panelists ADD COLUMN person_id BIGINT REFERENCES people (id);
CREATE INDEX cafe_panelists_person ON cafe_panelists (person_id);
