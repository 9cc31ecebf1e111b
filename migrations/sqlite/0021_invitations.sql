-- Users invited from the web: a one-time link to choose their password, shown once to whoever
-- invited them, kept as its SHA-256, until it is used or expires. Twin of
-- migrations/postgres/0021_invitations.sql. Also when each user last signed in (the users' list).
CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX invitations_user ON invitations (user_id);
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;
