-- The consent ledger: per person and purpose, each consent given or withdrawn, when, how and on
-- which version of the notice. Twin of migrations/postgres/0005_consents.sql. The latest entry of
-- a purpose is the person's current answer; entries are never changed, only added.
CREATE TABLE consents (
    id             INTEGER PRIMARY KEY,
    person_id      BIGINT NOT NULL REFERENCES people (id),
    -- convocations | dues_reminders | invitations | news
    purpose        TEXT NOT NULL,
    given          BOOLEAN NOT NULL,
    -- web | paper | phone
    method         TEXT NOT NULL,
    -- who recorded it (a user name), and who collected a paper form, if someone else
    recorded_by    TEXT NOT NULL,
    collected_by   TEXT,
    notice_version TEXT NOT NULL,
    recorded_at    TEXT NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, purpose, id);

-- The access log of a person's file reads the audit log by target.
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id);
