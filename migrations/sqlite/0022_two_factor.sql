-- Two-factor sign-in (auth/two_factor): each user's TOTP secret sealed with the master key, when
-- it was turned on, and the last time step used (a code is never accepted twice); ten recovery
-- codes kept as keyed digests; and the sign-ins waiting for their code, apart from the sessions
-- (a password alone opens nothing). Twin of migrations/postgres/0022_two_factor.sql.
ALTER TABLE users ADD COLUMN totp_sealed BLOB;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
CREATE TABLE recovery_codes (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    code_digest  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    used_at      TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
CREATE TABLE pending_sign_ins (
    id_hash     TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
