-- Photos as evidence of an activity. Twin of migrations/postgres/0015_activity_photos.sql.
-- What a phone sent is never kept: only the pixels, upright, shrunk and encoded again as JPEG
-- (crate mizan-photo), so no location or other metadata is stored; and a thumbnail.
CREATE TABLE activity_photos (
    id          INTEGER PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    width       BIGINT NOT NULL,
    height      BIGINT NOT NULL,
    photo       BLOB NOT NULL,
    thumbnail   BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX activity_photos_activity ON activity_photos (activity_id);
