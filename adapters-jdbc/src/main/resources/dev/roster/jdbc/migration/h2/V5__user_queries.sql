-- User queries (SPEC §9). name_key is UserOrder.nameKey(name), written by Roster with every user
-- (rows older than this step are filled in when the store opens), with a binary UTF-8 twin
-- (name_sort) for code-point order, like user_sort. last_active_at and deactivated belong to the
-- user lifecycle (SPEC §10); nothing writes them yet. Custom fields are key/value rows for filters
-- on custom keys. One index per order.
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS name_key CHARACTER VARYING(510);
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS name_sort VARBINARY(1020) GENERATED ALWAYS AS (CAST(name_key AS VARBINARY(1020)));
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS last_active_at BIGINT;
ALTER TABLE roster_user ADD COLUMN IF NOT EXISTS deactivated BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE IF NOT EXISTS roster_user_custom (
    app_id       VARCHAR(255) NOT NULL,
    user_id      VARCHAR(255) NOT NULL,
    custom_key   VARCHAR(255) NOT NULL,
    custom_value CHARACTER VARYING NOT NULL,
    CONSTRAINT roster_user_custom_pk PRIMARY KEY (app_id, user_id, custom_key)
);

CREATE INDEX IF NOT EXISTS roster_user_by_created ON roster_user (app_id, created_at, user_sort);
CREATE INDEX IF NOT EXISTS roster_user_by_name ON roster_user (app_id, name_sort, user_sort);
CREATE INDEX IF NOT EXISTS roster_user_by_active ON roster_user (app_id, last_active_at, user_sort);
