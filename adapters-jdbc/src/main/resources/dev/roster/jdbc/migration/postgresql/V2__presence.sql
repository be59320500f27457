-- Browser sessions with an expiry: who is online, shared by every process over the store.
CREATE TABLE IF NOT EXISTS roster_presence (
    app_id     VARCHAR(255) COLLATE "C" NOT NULL,
    session_id VARCHAR(255) COLLATE "C" NOT NULL,
    user_id    VARCHAR(255) COLLATE "C" NOT NULL,
    started_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT roster_presence_pk PRIMARY KEY (app_id, session_id)
);

CREATE INDEX IF NOT EXISTS roster_presence_by_user ON roster_presence (app_id, user_id, expires_at);
CREATE INDEX IF NOT EXISTS roster_presence_by_expiry ON roster_presence (expires_at);
