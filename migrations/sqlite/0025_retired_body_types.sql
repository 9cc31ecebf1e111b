-- A body type in use is never deleted: it is retired (its bodies and their history stay; no new
-- unit gets a body of it; the figures offer it no more). Twin of
-- migrations/postgres/0025_retired_body_types.sql.
ALTER TABLE body_types ADD COLUMN retired_on TEXT;
