-- Dues paid per membership and year. Twin of migrations/postgres/0006_dues.sql. A membership whose
-- dues for the current year are paid is `active`; behind, `lapsed`.
CREATE TABLE dues (
    membership_id BIGINT NOT NULL REFERENCES memberships (id),
    year          BIGINT NOT NULL,
    -- in dirhams
    amount        BIGINT NOT NULL,
    paid_on       TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    PRIMARY KEY (membership_id, year)
);
CREATE INDEX dues_year ON dues (year, membership_id);
