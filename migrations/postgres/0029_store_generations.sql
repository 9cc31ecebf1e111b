-- How many times the tables that `mizan serve` keeps in memory have changed
-- (store::generations): the map and the party's units, the membership rollups, the bodies and
-- their types, the renewal campaigns. Bumped by triggers in the transaction that changes them,
-- whoever writes (a page, the command line's import, another process), and read with the
-- caller's session: a page never shows a copy older than what its caller could read from the
-- tables.
CREATE TABLE store_generations (
    name       TEXT PRIMARY KEY,
    generation BIGINT NOT NULL DEFAULT 0
);
INSERT INTO store_generations (name) VALUES ('territory'), ('members'), ('bodies'), ('renewal');

-- Fired at commit (deferred), once per transaction and name. The first bump of a transaction
-- locks every row in one order, so that writers committing at once wait on each other for a
-- moment but never in a circle; and since it comes last, no writer holds these rows while it
-- waits for anything else.
CREATE FUNCTION bump_store_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('mizan.generation_' || TG_ARGV[0], true) IS DISTINCT FROM 'bumped' THEN
        PERFORM 1 FROM store_generations ORDER BY name FOR UPDATE;
        UPDATE store_generations SET generation = generation + 1 WHERE name = TG_ARGV[0];
        PERFORM set_config('mizan.generation_' || TG_ARGV[0], 'bumped', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER territory_units_changed
    AFTER INSERT OR UPDATE OR DELETE ON territory_units
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION bump_store_generation('territory');
CREATE CONSTRAINT TRIGGER membership_rollups_changed
    AFTER INSERT OR UPDATE OR DELETE ON membership_rollups
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION bump_store_generation('members');
CREATE CONSTRAINT TRIGGER bodies_changed
    AFTER INSERT OR UPDATE OR DELETE ON bodies
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION bump_store_generation('bodies');
CREATE CONSTRAINT TRIGGER body_types_changed
    AFTER INSERT OR UPDATE OR DELETE ON body_types
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION bump_store_generation('bodies');
CREATE CONSTRAINT TRIGGER renewal_campaigns_changed
    AFTER INSERT OR UPDATE OR DELETE ON renewal_campaigns
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION bump_store_generation('renewal');
