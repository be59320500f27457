-- User queries (SPEC §9). name_key is UserOrder.nameKey(name), written by Roster with every user
-- (rows older than this step are filled in when the store opens); at most 255 code points, so
-- (app_id, name_key, user_id) fits InnoDB's 3072-byte key. last_active_at and deactivated belong
-- to the user lifecycle (SPEC §10); nothing writes them yet. Custom fields are key/value rows for
-- filters on custom keys. One index per order. Every statement is idempotent.
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS name_key VARCHAR(255);
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS last_active_at BIGINT;
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS deactivated BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE IF NOT EXISTS roster_user_custom (
    app_id       VARCHAR(255) NOT NULL,
    user_id      VARCHAR(255) NOT NULL,
    custom_key   VARCHAR(255) NOT NULL,
    custom_value MEDIUMTEXT NOT NULL,
    CONSTRAINT roster_user_custom_pk PRIMARY KEY (app_id, user_id, custom_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

CREATE INDEX IF NOT EXISTS roster_user_by_created ON roster_user (app_id, created_at, user_id);
CREATE INDEX IF NOT EXISTS roster_user_by_name ON roster_user (app_id, name_key, user_id);
CREATE INDEX IF NOT EXISTS roster_user_by_active ON roster_user (app_id, last_active_at, user_id);
