-- User lifecycle (SPEC §10). deactivated_at is when the user was deactivated, null while active;
-- Roster writes it with every user, together with the deactivated flag (V5) that filters read.
-- tokens_revoked_before is the time before which the user's (on roster_user) or every user's (on
-- roster_app) browser tokens are refused, null for none. legacy_signatures is whether the app
-- accepts the legacy HMAC signature; null (an app saved before this step) reads as true. Every
-- statement is idempotent.
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS deactivated_at BIGINT;
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS tokens_revoked_before BIGINT;
ALTER TABLE roster_app ADD COLUMN IF NOT EXISTS tokens_revoked_before BIGINT;
ALTER TABLE roster_app ADD COLUMN IF NOT EXISTS legacy_signatures BOOLEAN;
