-- What a native format's successful answer created (a Jira issue key, a GitHub issue URL).
ALTER TABLE deliveries ADD COLUMN result TEXT;

-- This migration also created the server's workflow tables once; they are the server's now
-- (hookline-server, dev/hookline/server/workflow/migration, its own history table). A database
-- that applied the earlier text keeps them; Migrations tells its history this text's checksum.
