-- What a deleted conversation leaves: the version its delete stored. A new conversation of the
-- same id continues from it instead of starting again at 1, so an id's versions only grow. A row
-- exists only while its id has no conversation (a create removes it, the conversation row then
-- carries the version on) and is never expired: it is one small row per deleted id, and dropping
-- it would let the id's versions start over.
CREATE TABLE IF NOT EXISTS roster_conversation_tombstone (
    app_id          VARCHAR(255) NOT NULL,
    conversation_id VARCHAR(255) NOT NULL,
    version         BIGINT NOT NULL,
    CONSTRAINT roster_conversation_tombstone_pk PRIMARY KEY (app_id, conversation_id)
);

-- Conversations deleted before this version left no tombstone; the change log, never trimmed,
-- still holds every version they had, so the highest one becomes their tombstone. One scan of
-- the log, once.
INSERT INTO roster_conversation_tombstone (app_id, conversation_id, version)
SELECT l.app_id, l.entity_id, MAX(l.version) FROM roster_change l
WHERE l.kind = 'CONVERSATION'
  AND NOT EXISTS (SELECT 1 FROM roster_conversation c WHERE c.app_id = l.app_id AND c.conversation_id = l.entity_id)
  AND NOT EXISTS (SELECT 1 FROM roster_conversation_tombstone t WHERE t.app_id = l.app_id AND t.conversation_id = l.entity_id)
GROUP BY l.app_id, l.entity_id;
