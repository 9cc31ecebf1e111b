-- Finding people by name in either script. Twin of migrations/postgres/0003_people_search.sql;
-- the search index itself is dialect-specific (FTS5 here, a GIN-indexed tsvector there), the only
-- place where the two schemas differ on purpose (see the schema-comparison test).
--
-- `people.search_name` holds the person's search keys (mizan_text::name_keys): folded words and
-- consonant skeletons. The index follows it through triggers.

CREATE VIRTUAL TABLE people_search USING fts5(
    search_name,
    content = 'people',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    -- Two-letter prefixes get their own index (a word being typed); longer ones scan the terms.
    prefix = '2'
);

-- People already stored enter the index now (their keys are then refreshed by the application).
INSERT INTO people_search (people_search) VALUES ('rebuild');

CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search (rowid, search_name) VALUES (new.id, new.search_name);
END;
CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_search (people_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
END;
CREATE TRIGGER people_search_update AFTER UPDATE OF search_name ON people BEGIN
    INSERT INTO people_search (people_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
    INSERT INTO people_search (rowid, search_name) VALUES (new.id, new.search_name);
END;
