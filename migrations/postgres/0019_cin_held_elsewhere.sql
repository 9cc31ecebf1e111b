-- A CIN typed for a new person that already belongs to someone outside the reach of whoever typed
-- it. Twin of migrations/sqlite/0019_cin_held_elsewhere.sql.
--
-- Telling the typist "this CIN is taken" would tell them that the person is registered (with the
-- party, or the walled union: a political opinion) where they may not look. So the new record is
-- kept as typed, beside the one already there, and marked `cin_shared`: the uniqueness of CINs
-- holds among the records that are not; whoever sees both is shown the pair (people::dedupe) and
-- merges them, or corrects the CIN that is wrong.
ALTER TABLE people ADD COLUMN cin_shared BOOLEAN NOT NULL DEFAULT FALSE;
DROP INDEX people_cin;
CREATE UNIQUE INDEX people_cin ON people (cin_index) WHERE cin_shared = FALSE;
-- Lookups by CIN find every holder, shared or not.
CREATE INDEX people_cin_any ON people (cin_index);
