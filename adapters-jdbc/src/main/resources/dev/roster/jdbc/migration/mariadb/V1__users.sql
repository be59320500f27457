-- Apps, users and the change log. Every text column is utf8mb4_nopad_bin: binary, so ids are
-- case-sensitive and ordered by code point, and NO PAD, so 'a' and 'a ' are different ids
-- (utf8mb4_bin pads and would make them equal). MariaDB commits DDL implicitly, so every
-- statement here is idempotent.
CREATE TABLE IF NOT EXISTS roster_app (
    app_id                   VARCHAR(255) NOT NULL PRIMARY KEY,
    secret_key               TEXT NOT NULL,
    client_user_sync         BOOLEAN NOT NULL,
    client_conversation_sync BOOLEAN NOT NULL,
    default_locale           TEXT,
    roles                    MEDIUMTEXT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS roster_user (
    app_id            VARCHAR(255) NOT NULL,
    user_id           VARCHAR(255) NOT NULL,
    version           BIGINT NOT NULL,
    name              MEDIUMTEXT NOT NULL,
    email             MEDIUMTEXT NOT NULL,
    phone             MEDIUMTEXT NOT NULL,
    photo_url         MEDIUMTEXT,
    welcome_message   MEDIUMTEXT,
    role              TEXT NOT NULL,
    locale            TEXT,
    custom            MEDIUMTEXT NOT NULL,
    push_tokens       MEDIUMTEXT NOT NULL,
    availability_text MEDIUMTEXT,
    created_at        BIGINT NOT NULL,
    CONSTRAINT roster_user_pk PRIMARY KEY (app_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

CREATE TABLE IF NOT EXISTS roster_change (
    position  BIGINT NOT NULL PRIMARY KEY,
    app_id    VARCHAR(255) NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    entity_id VARCHAR(255) NOT NULL,
    version   BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

-- One row: the newest log position. Writers bump it in their transaction, which serialises
-- appends so positions become visible in order and a follower never skips an entry.
CREATE TABLE IF NOT EXISTS roster_log_head (
    id       INT NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
) ENGINE = InnoDB;

INSERT IGNORE INTO roster_log_head (id, position) VALUES (1, 0);
