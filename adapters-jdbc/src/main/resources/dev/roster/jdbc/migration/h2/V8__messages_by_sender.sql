-- Lifecycle and export (SPEC §10). The messages a user sent, across conversations, newest first,
-- for the user export: one range scan per page on (app, sender, time, id). last_active_at (step
-- V5) is written from this step on, by a conditional update of that column alone. Idempotent.
CREATE INDEX IF NOT EXISTS roster_message_by_sender ON roster_message (app_id, sender_id, created_at, message_sort);
