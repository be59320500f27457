-- Webhooks (SPEC §11): each registration with how far into the change feed its deliveries are
-- queued, and one delivery per event and webhook, the delivery log. A delivery is claimed for one
-- send by a lease (lease_until, Unix milliseconds, 0 when free). Event ids are the feed cursor
-- (event_position, event_read). Runs in one transaction; every statement is idempotent too.
CREATE TABLE IF NOT EXISTS roster_webhook (
    app_id          VARCHAR(255) COLLATE "C" NOT NULL,
    webhook_id      VARCHAR(64) COLLATE "C" NOT NULL,
    url             TEXT NOT NULL,
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL,
    queued_position BIGINT NOT NULL,
    queued_read     INTEGER NOT NULL,
    CONSTRAINT roster_webhook_pk PRIMARY KEY (app_id, webhook_id)
);

CREATE TABLE IF NOT EXISTS roster_webhook_delivery (
    app_id           VARCHAR(255) COLLATE "C" NOT NULL,
    webhook_id       VARCHAR(64) COLLATE "C" NOT NULL,
    event_position   BIGINT NOT NULL,
    event_read       INTEGER NOT NULL,
    event_type       VARCHAR(64) NOT NULL,
    user_id          VARCHAR(255) COLLATE "C",
    conversation_id  VARCHAR(255) COLLATE "C",
    body             TEXT NOT NULL,
    made_at          BIGINT NOT NULL,
    status           VARCHAR(16) NOT NULL,
    attempts         INTEGER NOT NULL,
    response_code    INTEGER NOT NULL,
    last_error       TEXT,
    first_attempt_at BIGINT NOT NULL,
    last_attempt_at  BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    lease_until      BIGINT NOT NULL,
    CONSTRAINT roster_webhook_delivery_pk PRIMARY KEY (app_id, webhook_id, event_position, event_read)
);

-- A webhook's pending deliveries in event order; finished deliveries by age, for pruning.
CREATE INDEX IF NOT EXISTS roster_webhook_delivery_by_status ON roster_webhook_delivery
    (app_id, webhook_id, status, event_position, event_read);
CREATE INDEX IF NOT EXISTS roster_webhook_delivery_by_age ON roster_webhook_delivery (status, made_at);
