-- A party unit's life: when it was founded (a branch imported from a list brings its own date;
-- its bureau is formed that day), and when it closed, why, and into which branch it merged (its
-- history stays; closed units count nowhere). Twin of migrations/sqlite/0024_branch_life.sql.
ALTER TABLE territory_units ADD COLUMN founded_on DATE;
ALTER TABLE territory_units ADD COLUMN closed_on DATE;
ALTER TABLE territory_units ADD COLUMN closed_reason TEXT;
ALTER TABLE territory_units ADD COLUMN merged_into TEXT REFERENCES territory_units (code);
