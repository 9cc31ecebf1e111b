-- A Policy Café session belongs to an organization (the youth wing's forum, the party's): its
-- organizers and moderators are that organization's roles in the event's territory, as for any of
-- its records. Twin of migrations/sqlite/0020_cafe_organization.sql. Sessions opened before were
-- the party's.
ALTER TABLE cafe_sessions ADD COLUMN organization_id BIGINT REFERENCES organizations (id);
UPDATE cafe_sessions SET organization_id = (SELECT id FROM organizations WHERE kind = 'party' ORDER BY id LIMIT 1);
