-- Webhooks (SPEC §11): each registration with how far into the change feed its deliveries are
-- queued, and one delivery per event and webhook, the delivery log. A delivery is claimed for one
-- send by a lease (lease_until, Unix milliseconds, 0 when free). Event ids are the feed cursor
-- (event_position, event_read). The body is LONGTEXT, like the change log's events (V9). Every
-- statement is idempotent.
CREATE TABLE IF NOT EXISTS roster_webhook (
    app_id          VARCHAR(255) NOT NULL,
    webhook_id      VARCHAR(64) NOT NULL,
    url             MEDIUMTEXT NOT NULL,
    events          MEDIUMTEXT NOT NULL,
    secret          MEDIUMTEXT NOT NULL,
    enabled         BOOLEAN NOT NULL,
    queued_position BIGINT NOT NULL,
    queued_read     INTEGER NOT NULL,
    CONSTRAINT roster_webhook_pk PRIMARY KEY (app_id, webhook_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

-- The delivery log; its indexes give a webhook's pending deliveries in event order and the
-- finished deliveries by age, for pruning.
CREATE TABLE IF NOT EXISTS roster_webhook_delivery (
    app_id           VARCHAR(255) NOT NULL,
    webhook_id       VARCHAR(64) NOT NULL,
    event_position   BIGINT NOT NULL,
    event_read       INTEGER NOT NULL,
    event_type       VARCHAR(64) NOT NULL,
    user_id          VARCHAR(255),
    conversation_id  VARCHAR(255),
    body             LONGTEXT NOT NULL,
    made_at          BIGINT NOT NULL,
    status           VARCHAR(16) NOT NULL,
    attempts         INTEGER NOT NULL,
    response_code    INTEGER NOT NULL,
    last_error       MEDIUMTEXT,
    first_attempt_at BIGINT NOT NULL,
    last_attempt_at  BIGINT NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    lease_until      BIGINT NOT NULL,
    CONSTRAINT roster_webhook_delivery_pk PRIMARY KEY (app_id, webhook_id, event_position, event_read),
    INDEX roster_webhook_delivery_by_status (app_id, webhook_id, status, event_position, event_read),
    INDEX roster_webhook_delivery_by_age (status, made_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
