-- Conversations as aggregates: the conversation row (its version guards every write of the
-- aggregate), one entry per user carrying the values the listing sorts and filters on, custom
-- fields as key/value rows (H2 has no JSON path functions), and messages.
-- H2 compares VARCHAR by UTF-16 units; the *_sort columns hold UTF-8 bytes, whose order is
-- code-point order, and every paged order uses them.
CREATE TABLE IF NOT EXISTS roster_conversation (
    app_id           VARCHAR(255) NOT NULL,
    conversation_id  VARCHAR(255) NOT NULL,
    conversation_sort VARBINARY(1020) GENERATED ALWAYS AS (CAST(conversation_id AS VARBINARY(1020))),
    version          BIGINT NOT NULL,
    subject          CHARACTER VARYING,
    photo_url        CHARACTER VARYING,
    welcome_messages CHARACTER VARYING,
    custom           CHARACTER VARYING NOT NULL,
    created_at       BIGINT NOT NULL,
    topic_id         CHARACTER VARYING,
    last_message_id  VARCHAR(255),
    CONSTRAINT roster_conversation_pk PRIMARY KEY (app_id, conversation_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS roster_conversation_by_sort ON roster_conversation (app_id, conversation_sort);

-- The conversation's custom fields, one row per key, for filters on custom keys.
CREATE TABLE IF NOT EXISTS roster_conversation_custom (
    app_id          VARCHAR(255) NOT NULL,
    conversation_id VARCHAR(255) NOT NULL,
    custom_key      VARCHAR(255) NOT NULL,
    custom_value    CHARACTER VARYING NOT NULL,
    CONSTRAINT roster_conversation_custom_pk PRIMARY KEY (app_id, conversation_id, custom_key)
);

-- One user's entry of one conversation: a participation (or a left one) with its own sort keys,
-- kept current in the transaction that changes them.
CREATE TABLE IF NOT EXISTS roster_entry (
    app_id           VARCHAR(255) NOT NULL,
    conversation_id  VARCHAR(255) NOT NULL,
    conversation_sort VARBINARY(1020) GENERATED ALWAYS AS (CAST(conversation_id AS VARBINARY(1020))),
    user_id          VARCHAR(255) NOT NULL,
    access           VARCHAR(16) NOT NULL,
    notification     VARCHAR(16) NOT NULL,
    joined_at        BIGINT NOT NULL,
    read_until       BIGINT NOT NULL,
    is_left          BOOLEAN NOT NULL,
    created_at       BIGINT NOT NULL,
    subject          CHARACTER VARYING,
    custom           CHARACTER VARYING NOT NULL,
    last_message_at  BIGINT,
    last_activity_at BIGINT NOT NULL,
    unread_count     BIGINT NOT NULL,
    CONSTRAINT roster_entry_pk PRIMARY KEY (app_id, conversation_id, user_id)
);

-- A page of a user's list is one range scan of one of these, in either direction.
CREATE INDEX IF NOT EXISTS roster_entry_by_activity ON roster_entry (app_id, user_id, last_activity_at, conversation_sort);
CREATE INDEX IF NOT EXISTS roster_entry_by_created ON roster_entry (app_id, user_id, created_at, conversation_sort);

CREATE TABLE IF NOT EXISTS roster_message (
    app_id                VARCHAR(255) NOT NULL,
    conversation_id       VARCHAR(255) NOT NULL,
    message_id            VARCHAR(255) NOT NULL,
    message_sort VARBINARY(1020) GENERATED ALWAYS AS (CAST(message_id AS VARBINARY(1020))),
    message_type          VARCHAR(16) NOT NULL,
    sender_id             VARCHAR(255),
    text                  CHARACTER VARYING NOT NULL,
    custom                CHARACTER VARYING NOT NULL,
    created_at            BIGINT NOT NULL,
    edited_at             BIGINT,
    origin                CHARACTER VARYING NOT NULL,
    referenced_message_id VARCHAR(255),
    idempotency_key       VARCHAR(255),
    CONSTRAINT roster_message_pk PRIMARY KEY (app_id, conversation_id, message_id)
);

-- Newest-first message pages; the idempotency key is unique per conversation (NULLs are not compared).
CREATE INDEX IF NOT EXISTS roster_message_by_time ON roster_message (app_id, conversation_id, created_at, message_sort);
CREATE UNIQUE INDEX IF NOT EXISTS roster_message_by_idempotency_key ON roster_message (app_id, conversation_id, idempotency_key);
