-- The foundation: territory, organizations, accounts, sessions, tokens, audit log.
-- Twin of migrations/sqlite/0001_foundation.sql: same tables, same columns.

-- Every place a record can sit: the official map (HCP codes) and the party's own units
-- (branches below a commune or arrondissement, sections abroad). `path` is the chain of codes
-- from the root, '/'-terminated ('/MA/03/03.561/'), so "inside" is a prefix match.
CREATE TABLE territory_units (
    code            TEXT PRIMARY KEY,
    parent_code     TEXT REFERENCES territory_units (code),
    level           TEXT NOT NULL,
    kind            TEXT,
    path            TEXT COLLATE "C" NOT NULL UNIQUE,
    depth           BIGINT NOT NULL,
    name_ar         TEXT NOT NULL,
    name_fr         TEXT NOT NULL,
    population_2024 BIGINT,
    households_2024 BIGINT,
    population_2014 BIGINT,
    area_km2        DOUBLE PRECISION,
    official        BOOLEAN NOT NULL,
    -- rollups kept current on write: units of each kind at or below this one
    urban_communes  BIGINT NOT NULL DEFAULT 0,
    rural_communes  BIGINT NOT NULL DEFAULT 0,
    branches        BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX territory_units_parent ON territory_units (parent_code);
CREATE INDEX territory_units_level_path ON territory_units (level, path);

-- The party itself and its parallel organizations; names are data, never code.
CREATE TABLE organizations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    name_ar    TEXT NOT NULL,
    name_fr    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    walled     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    locale               TEXT,
    must_change_password BOOLEAN NOT NULL,
    disabled_at          TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    password_changed_at  TIMESTAMPTZ NOT NULL
);

-- A role on a territory subtree (scope_code NULL = everywhere), optionally limited to one organization.
CREATE TABLE role_grants (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL,
    scope_code      TEXT REFERENCES territory_units (code),
    organization_id BIGINT REFERENCES organizations (id),
    granted_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX role_grants_user ON role_grants (user_id);

-- Server-side sessions; the cookie carries a random 256-bit id, the table only its SHA-256.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Personal access tokens for scripts; stored hashed, shown once.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

-- Failed logins, for throttling per account and per address.
CREATE TABLE login_failures (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username_key TEXT NOT NULL,
    ip           TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username_key, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- The append-only, hash-chained audit log, and the head of the chain (one row).
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    ip          TEXT,
    request_id  TEXT,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Append-only means it: the store itself refuses to change or remove an entry.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
