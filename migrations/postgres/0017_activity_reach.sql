-- Distinct people reached, kept current on write like the other rollups. Twin of
-- migrations/sqlite/0017_activity_reach.sql.
--
-- A distinct count does not add up (a woman reached in two communes is one person in their
-- province), so it is kept per person: activity_reach holds, for each person linked to a
-- counted activity (done or verified), each territory unit that activity lies in (its commune
-- and every unit above) and its campaign (0: none), once; activity_reach_counts holds how many
-- people each (kind, campaign, unit) has. Kinds: 'beneficiary' (activity_people), 'volunteer'
-- (activity_volunteers). The dashboards read the counts for a whole campaign.
CREATE TABLE activity_reach (
    kind        TEXT NOT NULL,
    person_id   BIGINT NOT NULL,
    campaign_id BIGINT NOT NULL,
    unit_code   TEXT NOT NULL,
    PRIMARY KEY (kind, person_id, campaign_id, unit_code)
);

CREATE TABLE activity_reach_counts (
    kind        TEXT NOT NULL,
    campaign_id BIGINT NOT NULL,
    unit_code   TEXT NOT NULL,
    people      BIGINT NOT NULL,
    PRIMARY KEY (kind, campaign_id, unit_code)
);

-- What the links already held (the same statements as `mizan rollups rebuild`).
INSERT INTO activity_reach (kind, person_id, campaign_id, unit_code)
WITH RECURSIVE above (code, unit) AS (
    SELECT code, code FROM territory_units
    UNION ALL
    SELECT above.code, u.parent_code FROM above JOIN territory_units u ON u.code = above.unit
    WHERE u.parent_code IS NOT NULL)
SELECT DISTINCT 'beneficiary', l.person_id, COALESCE(a.campaign_id, 0), above.unit FROM activity_people l
JOIN activities a ON a.id = l.activity_id JOIN above ON above.code = a.commune_code
WHERE a.status IN ('done', 'verified');

INSERT INTO activity_reach (kind, person_id, campaign_id, unit_code)
WITH RECURSIVE above (code, unit) AS (
    SELECT code, code FROM territory_units
    UNION ALL
    SELECT above.code, u.parent_code FROM above JOIN territory_units u ON u.code = above.unit
    WHERE u.parent_code IS NOT NULL)
SELECT DISTINCT 'volunteer', l.person_id, COALESCE(a.campaign_id, 0), above.unit FROM activity_volunteers l
JOIN activities a ON a.id = l.activity_id JOIN above ON above.code = a.commune_code
WHERE a.status IN ('done', 'verified');

INSERT INTO activity_reach_counts (kind, campaign_id, unit_code, people)
SELECT kind, campaign_id, unit_code, COUNT(*) FROM activity_reach GROUP BY kind, campaign_id, unit_code;
