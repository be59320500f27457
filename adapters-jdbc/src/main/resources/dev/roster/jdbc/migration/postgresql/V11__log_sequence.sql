-- Change-log positions from a sequence instead of the one-row roster_log_head, which every writer
-- locked until its commit and so serialised all writers of the database. A sequence hands out
-- positions without a lock; readers keep the log gap-free by reading only up to the position
-- below which every transaction that drew one has ended (JdbcChangeLog). The sequence continues
-- from the old head. CACHE 1: a session caching positions would hand them out later than others
-- drawn after them. The step is one transaction on PostgreSQL.
CREATE SEQUENCE IF NOT EXISTS roster_change_position AS BIGINT MINVALUE 1 CACHE 1 NO CYCLE;
SELECT setval('roster_change_position', GREATEST((SELECT position FROM roster_log_head WHERE id = 1),
    (SELECT COALESCE(MAX(position), 0) FROM roster_change)) + 1, false);
DROP TABLE IF EXISTS roster_log_head;
