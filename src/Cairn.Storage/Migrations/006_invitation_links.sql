-- Personal survey links: each workspace signs its invitation tokens with its own secret (created on
-- first use), and an invitation can expire.
ALTER TABLE workspaces ADD COLUMN link_secret TEXT;
ALTER TABLE invitations ADD COLUMN expires_at {{ts}};
