-- Indexes of roster_webhook_delivery that no statement's plan can mistake for its primary key.
-- (app_id, webhook_id, status, event_position, event_read) holds the key after a status column:
-- on a table never analyzed (autovacuum off) a statement's generic plan, made once while the table
-- was small, took it or (status, made_at) for a lookup by key and then read every delivery of the
-- webhook, or every pending one, per row updated. Each index is now partial, on the rows one
-- statement reads: the pending ones by event, for the pending read and the claim (which name
-- status = 'PENDING'), and the finished ones by age, for pruning. A lookup by key alone can only
-- use the key. Half of each new page is left free, so that a claim, which changes lease_until and
-- no indexed column, can write the new version beside the old (a HOT update, no index entries).
-- Runs in one transaction.
DROP INDEX IF EXISTS roster_webhook_delivery_by_status;
DROP INDEX IF EXISTS roster_webhook_delivery_by_age;
CREATE INDEX IF NOT EXISTS roster_webhook_delivery_pending ON roster_webhook_delivery
    (app_id, webhook_id, event_position, event_read) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS roster_webhook_delivery_finished ON roster_webhook_delivery (made_at)
    WHERE status IN ('DELIVERED', 'FAILED');
ALTER TABLE roster_webhook_delivery SET (fillfactor = 50);
