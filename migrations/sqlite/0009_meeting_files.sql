-- Minutes of a meeting as uploaded files (a scanned PDF, a photo of the signed page), checked for
-- type and size before they are kept. Twin of migrations/postgres/0009_meeting_files.sql.
CREATE TABLE meeting_files (
    id           INTEGER PRIMARY KEY,
    meeting_id   BIGINT NOT NULL REFERENCES meetings (id),
    name         TEXT NOT NULL,
    -- application/pdf | image/png | image/jpeg, from the file's first bytes (not its name)
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX meeting_files_meeting ON meeting_files (meeting_id);
