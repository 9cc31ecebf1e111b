-- How many times the tables that `mizan serve` keeps in memory have changed
-- (store::generations): the map and the party's units, the membership rollups, the bodies and
-- their types, the renewal campaigns. Bumped by triggers in the transaction that changes them,
-- whoever writes (a page, the command line's import, another process), and read with the
-- caller's session: a page never shows a copy older than what its caller could read from the
-- tables.
CREATE TABLE store_generations (
    name       TEXT PRIMARY KEY,
    generation INTEGER NOT NULL DEFAULT 0
);
INSERT INTO store_generations (name) VALUES ('territory'), ('members'), ('bodies'), ('renewal');

CREATE TRIGGER territory_units_inserted AFTER INSERT ON territory_units
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'territory'; END;
CREATE TRIGGER territory_units_updated AFTER UPDATE ON territory_units
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'territory'; END;
CREATE TRIGGER territory_units_deleted AFTER DELETE ON territory_units
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'territory'; END;
CREATE TRIGGER membership_rollups_inserted AFTER INSERT ON membership_rollups
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'members'; END;
CREATE TRIGGER membership_rollups_updated AFTER UPDATE ON membership_rollups
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'members'; END;
CREATE TRIGGER membership_rollups_deleted AFTER DELETE ON membership_rollups
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'members'; END;
CREATE TRIGGER bodies_inserted AFTER INSERT ON bodies
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'bodies'; END;
CREATE TRIGGER bodies_updated AFTER UPDATE ON bodies
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'bodies'; END;
CREATE TRIGGER bodies_deleted AFTER DELETE ON bodies
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'bodies'; END;
CREATE TRIGGER body_types_inserted AFTER INSERT ON body_types
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'bodies'; END;
CREATE TRIGGER body_types_updated AFTER UPDATE ON body_types
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'bodies'; END;
CREATE TRIGGER body_types_deleted AFTER DELETE ON body_types
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'bodies'; END;
CREATE TRIGGER renewal_campaigns_inserted AFTER INSERT ON renewal_campaigns
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'renewal'; END;
CREATE TRIGGER renewal_campaigns_updated AFTER UPDATE ON renewal_campaigns
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'renewal'; END;
CREATE TRIGGER renewal_campaigns_deleted AFTER DELETE ON renewal_campaigns
BEGIN UPDATE store_generations SET generation = generation + 1 WHERE name = 'renewal'; END;
