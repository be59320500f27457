-- Apps, users and the change log. Ids use COLLATE "C": byte order of UTF-8, which is code-point
-- order, the same as Ids.ORDER in core.
CREATE TABLE IF NOT EXISTS roster_app (
    app_id                   VARCHAR(255) COLLATE "C" NOT NULL PRIMARY KEY,
    secret_key               TEXT NOT NULL,
    client_user_sync         BOOLEAN NOT NULL,
    client_conversation_sync BOOLEAN NOT NULL,
    default_locale           TEXT,
    roles                    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS roster_user (
    app_id            VARCHAR(255) COLLATE "C" NOT NULL,
    user_id           VARCHAR(255) COLLATE "C" NOT NULL,
    version           BIGINT NOT NULL,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    phone             TEXT NOT NULL,
    photo_url         TEXT,
    welcome_message   TEXT,
    role              TEXT NOT NULL,
    locale            TEXT,
    custom            TEXT NOT NULL,
    push_tokens       TEXT NOT NULL,
    availability_text TEXT,
    created_at        BIGINT NOT NULL,
    CONSTRAINT roster_user_pk PRIMARY KEY (app_id, user_id)
);

CREATE TABLE IF NOT EXISTS roster_change (
    position  BIGINT NOT NULL PRIMARY KEY,
    app_id    VARCHAR(255) COLLATE "C" NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    entity_id VARCHAR(255) COLLATE "C" NOT NULL,
    version   BIGINT NOT NULL
);

-- One row: the newest log position. Writers bump it in their transaction, which serialises
-- appends so positions become visible in order and a follower never skips an entry.
CREATE TABLE IF NOT EXISTS roster_log_head (
    id       INT NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
);

INSERT INTO roster_log_head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
