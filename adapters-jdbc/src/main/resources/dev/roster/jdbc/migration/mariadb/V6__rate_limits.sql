-- Rate limits (SPEC §12): each app's token-bucket budgets, requests per second and burst, for the
-- trusted API and for each signed-in browser user. Null (an app saved before this step) reads as
-- the defaults of RateLimits.DEFAULTS. Every statement is idempotent.
ALTER TABLE roster_app ADD COLUMN IF NOT EXISTS trusted_per_second INTEGER;
ALTER TABLE roster_app ADD COLUMN IF NOT EXISTS trusted_burst INTEGER;
ALTER TABLE roster_app ADD COLUMN IF NOT EXISTS browser_per_second INTEGER;
ALTER TABLE roster_app ADD COLUMN IF NOT EXISTS browser_burst INTEGER;
