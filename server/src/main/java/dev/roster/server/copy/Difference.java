package dev.roster.server.copy;

import java.util.Objects;

/**
 * One item on which source and target disagree, found by {@link StoreCopy#verify()} or
 * {@link TalkJsImport#verify()}.
 *
 * @param appId   the app
 * @param kind    {@code app}, {@code user}, {@code conversation} or {@code message}
 * @param id      the item's id (for a message: {@code conversationId/messageId})
 * @param problem {@code missing in the target}, {@code only in the target} or {@code differs}
 */
public record Difference(String appId, String kind, String id, String problem) {

    /**
     * Checks the fields.
     *
     * @param appId   the app
     * @param kind    the item's kind
     * @param id      the item's id
     * @param problem what is wrong
     * @throws NullPointerException if a field is null
     */
    public Difference {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return appId + " " + kind + " " + id + ": " + problem;
    }
}
