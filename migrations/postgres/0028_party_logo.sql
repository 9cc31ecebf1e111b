-- The party's logo, as the setup or the administration received it: re-encoded as a JPEG without
-- metadata (never SVG), at most 480 pixels a side. One row.
CREATE TABLE party_logo (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    jpeg       BYTEA NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
