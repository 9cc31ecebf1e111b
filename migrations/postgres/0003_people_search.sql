-- Finding people by name in either script. Twin of migrations/sqlite/0003_people_search.sql;
-- the search index itself is dialect-specific (a GIN-indexed tsvector here, FTS5 there), the only
-- place where the two schemas differ on purpose (see the schema-comparison test).
--
-- `people.search_name` holds the person's search keys (mizan_text::name_keys): folded words and
-- consonant skeletons, which the 'simple' configuration keeps as they are.

ALTER TABLE people ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_name)) STORED;
CREATE INDEX people_search ON people USING GIN (search_vector);
