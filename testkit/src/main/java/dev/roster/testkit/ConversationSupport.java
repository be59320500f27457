package dev.roster.testkit;

import dev.roster.core.api.Conversations;
import dev.roster.core.domain.ConversationPatch;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserPatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the conversation contract classes: users, conversations and paging. */
public abstract class ConversationSupport extends ContractSupport {

    /** {@return the conversation API of this test's Roster} */
    protected Conversations conversations() {
        return roster.conversations();
    }

    /** {@return the id of a new user with a random id} */
    protected String newUser() {
        String id = newId("u");
        roster.upsertUser(app.id(), id, UserPatch.builder().name("User " + id).build());
        return id;
    }

    /**
     * A new conversation with these participants, created at the clock's time.
     *
     * @param participants the user ids to add
     * @return its id
     */
    protected String newConversation(String... participants) {
        String id = newId("c");
        conversations().upsert(app.id(), id, ConversationPatch.none().withParticipants(participants));
        return id;
    }

    /**
     * Moves the clock forward.
     *
     * @param millis by how many milliseconds
     */
    protected void tick(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    /**
     * The conversation ids of one page.
     *
     * @param query the page
     * @return its ids, in the listing's order
     */
    protected List<String> ids(ConversationQuery query) {
        return conversations().list(app.id(), query).stream().map(c -> c.view().conversation().id()).toList();
    }

    /**
     * The ids of every page of {@code query} with pages of {@code limit}: the first page as the
     * query says (offsetTs included), every next one starting after the last id seen, until a short
     * page. Changes the builder's limit, startingAfter and offsetTs.
     *
     * @param query the listing to walk
     * @param limit the page size
     * @return every id, in the listing's order
     */
    protected List<String> walk(ConversationQuery.Builder query, int limit) {
        List<String> all = new ArrayList<>();
        query.limit(limit);
        for (int pages = 0; pages < 10_000; pages++) {
            List<UserConversation> page = conversations().list(app.id(), query.build());
            page.forEach(c -> all.add(c.view().conversation().id()));
            if (page.size() < limit) {
                return all;
            }
            query.offsetTs(null).startingAfter(page.get(page.size() - 1).view().conversation().id());
        }
        throw new AssertionError("paging did not end");
    }
}
