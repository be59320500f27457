-- Browser sessions with an expiry: who is online, shared by every process over the store.
CREATE TABLE IF NOT EXISTS roster_presence (
    app_id     VARCHAR(255) NOT NULL,
    session_id VARCHAR(255) NOT NULL,
    user_id    VARCHAR(255) NOT NULL,
    started_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT roster_presence_pk PRIMARY KEY (app_id, session_id),
    INDEX roster_presence_by_user (app_id, user_id, expires_at),
    INDEX roster_presence_by_expiry (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
