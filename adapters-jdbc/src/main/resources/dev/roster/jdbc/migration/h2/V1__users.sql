-- Apps, users and the change log. Ids keep their exact code points: H2 compares VARCHAR by
-- UTF-16 units, so every id that is paged over has a binary UTF-8 twin (*_sort) whose unsigned
-- byte order is code-point order.
CREATE TABLE IF NOT EXISTS roster_app (
    app_id                   VARCHAR(255) NOT NULL PRIMARY KEY,
    secret_key               CHARACTER VARYING NOT NULL,
    client_user_sync         BOOLEAN NOT NULL,
    client_conversation_sync BOOLEAN NOT NULL,
    default_locale           CHARACTER VARYING,
    roles                    CHARACTER VARYING NOT NULL
);

CREATE TABLE IF NOT EXISTS roster_user (
    app_id            VARCHAR(255) NOT NULL,
    user_id           VARCHAR(255) NOT NULL,
    user_sort         VARBINARY(1020) GENERATED ALWAYS AS (CAST(user_id AS VARBINARY(1020))),
    version           BIGINT NOT NULL,
    name              CHARACTER VARYING NOT NULL,
    email             CHARACTER VARYING NOT NULL,
    phone             CHARACTER VARYING NOT NULL,
    photo_url         CHARACTER VARYING,
    welcome_message   CHARACTER VARYING,
    role              CHARACTER VARYING NOT NULL,
    locale            CHARACTER VARYING,
    custom            CHARACTER VARYING NOT NULL,
    push_tokens       CHARACTER VARYING NOT NULL,
    availability_text CHARACTER VARYING,
    created_at        BIGINT NOT NULL,
    CONSTRAINT roster_user_pk PRIMARY KEY (app_id, user_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS roster_user_by_sort ON roster_user (app_id, user_sort);

CREATE TABLE IF NOT EXISTS roster_change (
    position  BIGINT NOT NULL PRIMARY KEY,
    app_id    VARCHAR(255) NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    entity_id VARCHAR(255) NOT NULL,
    version   BIGINT NOT NULL
);

-- One row: the newest log position. Writers bump it in their transaction, which serialises
-- appends so positions become visible in order and a follower never skips an entry.
CREATE TABLE IF NOT EXISTS roster_log_head (
    id       INT NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
);

MERGE INTO roster_log_head KEY (id) VALUES (1, 0);
