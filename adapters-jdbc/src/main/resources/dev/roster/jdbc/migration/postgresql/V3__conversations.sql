-- Conversations as aggregates: the conversation row (its version guards every write of the
-- aggregate), one entry per user carrying the values the listing sorts and filters on, custom
-- fields as key/value rows (H2 has no JSON path functions), and messages.
CREATE TABLE IF NOT EXISTS roster_conversation (
    app_id           VARCHAR(255) COLLATE "C" NOT NULL,
    conversation_id  VARCHAR(255) COLLATE "C" NOT NULL,
    version          BIGINT NOT NULL,
    subject          TEXT,
    photo_url        TEXT,
    welcome_messages TEXT,
    custom           TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    topic_id         TEXT,
    last_message_id  VARCHAR(255) COLLATE "C",
    CONSTRAINT roster_conversation_pk PRIMARY KEY (app_id, conversation_id)
);

-- The conversation's custom fields, one row per key, for filters on custom keys.
CREATE TABLE IF NOT EXISTS roster_conversation_custom (
    app_id          VARCHAR(255) COLLATE "C" NOT NULL,
    conversation_id VARCHAR(255) COLLATE "C" NOT NULL,
    custom_key      VARCHAR(255) COLLATE "C" NOT NULL,
    custom_value    TEXT NOT NULL,
    CONSTRAINT roster_conversation_custom_pk PRIMARY KEY (app_id, conversation_id, custom_key)
);

-- One user's entry of one conversation: a participation (or a left one) with its own sort keys,
-- kept current in the transaction that changes them.
CREATE TABLE IF NOT EXISTS roster_entry (
    app_id           VARCHAR(255) COLLATE "C" NOT NULL,
    conversation_id  VARCHAR(255) COLLATE "C" NOT NULL,
    user_id          VARCHAR(255) COLLATE "C" NOT NULL,
    access           VARCHAR(16) NOT NULL,
    notification     VARCHAR(16) NOT NULL,
    joined_at        BIGINT NOT NULL,
    read_until       BIGINT NOT NULL,
    is_left          BOOLEAN NOT NULL,
    created_at       BIGINT NOT NULL,
    subject          TEXT,
    custom           TEXT NOT NULL,
    last_message_at  BIGINT,
    last_activity_at BIGINT NOT NULL,
    unread_count     BIGINT NOT NULL,
    CONSTRAINT roster_entry_pk PRIMARY KEY (app_id, conversation_id, user_id)
);

-- A page of a user's list is one range scan of one of these, in either direction.
CREATE INDEX IF NOT EXISTS roster_entry_by_activity ON roster_entry (app_id, user_id, last_activity_at, conversation_id);
CREATE INDEX IF NOT EXISTS roster_entry_by_created ON roster_entry (app_id, user_id, created_at, conversation_id);

CREATE TABLE IF NOT EXISTS roster_message (
    app_id                VARCHAR(255) COLLATE "C" NOT NULL,
    conversation_id       VARCHAR(255) COLLATE "C" NOT NULL,
    message_id            VARCHAR(255) COLLATE "C" NOT NULL,
    message_type          VARCHAR(16) NOT NULL,
    sender_id             VARCHAR(255) COLLATE "C",
    text                  TEXT NOT NULL,
    custom                TEXT NOT NULL,
    created_at            BIGINT NOT NULL,
    edited_at             BIGINT,
    origin                TEXT NOT NULL,
    referenced_message_id VARCHAR(255) COLLATE "C",
    idempotency_key       VARCHAR(255) COLLATE "C",
    CONSTRAINT roster_message_pk PRIMARY KEY (app_id, conversation_id, message_id)
);

-- Newest-first message pages; the idempotency key is unique per conversation (NULLs are not compared).
CREATE INDEX IF NOT EXISTS roster_message_by_time ON roster_message (app_id, conversation_id, created_at, message_id);
CREATE UNIQUE INDEX IF NOT EXISTS roster_message_by_idempotency_key ON roster_message (app_id, conversation_id, idempotency_key);
