-- The public change feed (SPEC §11): each change-log entry records when its change was made and
-- its events, encoded by core, written in the same transaction as the change. Entries written
-- before this step record no event (made_at 0: the feed's retention prunes them first). Every
-- statement is idempotent. The events are CHARACTER VARYING (up to 1,000,000 characters), like
-- every other text column here, not a LOB: H2 keeps LOBs in a separate map whose bookkeeping
-- tripped H2's own assertion when a file was closed after a kill -9 (CrashIT).
ALTER TABLE roster_change ADD COLUMN IF NOT EXISTS made_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE roster_change ADD COLUMN IF NOT EXISTS events CHARACTER VARYING NOT NULL DEFAULT '[]';
