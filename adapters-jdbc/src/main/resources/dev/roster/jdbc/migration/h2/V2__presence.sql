-- Browser sessions with an expiry: who is online, shared by every process over the store.
CREATE TABLE IF NOT EXISTS roster_presence (
    app_id       VARCHAR(255) NOT NULL,
    session_id   VARCHAR(255) NOT NULL,
    session_sort VARBINARY(1020) GENERATED ALWAYS AS (CAST(session_id AS VARBINARY(1020))),
    user_id      VARCHAR(255) NOT NULL,
    user_sort    VARBINARY(1020) GENERATED ALWAYS AS (CAST(user_id AS VARBINARY(1020))),
    started_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    CONSTRAINT roster_presence_pk PRIMARY KEY (app_id, session_id)
);

CREATE INDEX IF NOT EXISTS roster_presence_by_user ON roster_presence (app_id, user_sort, expires_at);
CREATE INDEX IF NOT EXISTS roster_presence_by_expiry ON roster_presence (expires_at);
