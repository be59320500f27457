-- User queries (SPEC §9). name_key is UserOrder.nameKey(name), written by Roster with every user
-- (rows older than this step are filled in when the store opens). last_active_at and deactivated
-- belong to the user lifecycle (SPEC §10); nothing writes them yet. Custom fields are key/value
-- rows for filters on custom keys, as for conversations. One index per order: a page is one
-- range scan in either direction.
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS name_key VARCHAR(255) COLLATE "C";
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS last_active_at BIGINT;
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS deactivated BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE IF NOT EXISTS roster_user_custom (
    app_id       VARCHAR(255) COLLATE "C" NOT NULL,
    user_id      VARCHAR(255) COLLATE "C" NOT NULL,
    custom_key   VARCHAR(255) COLLATE "C" NOT NULL,
    custom_value TEXT NOT NULL,
    CONSTRAINT roster_user_custom_pk PRIMARY KEY (app_id, user_id, custom_key)
);

CREATE INDEX IF NOT EXISTS roster_user_by_created ON roster_user (app_id, created_at, user_id);
CREATE INDEX IF NOT EXISTS roster_user_by_name ON roster_user (app_id, name_key, user_id);
CREATE INDEX IF NOT EXISTS roster_user_by_active ON roster_user (app_id, last_active_at, user_id);
