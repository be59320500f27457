package dev.roster.server.copy;

import dev.roster.core.domain.Message;
import dev.roster.core.domain.User;
import dev.roster.core.spi.MessageCursor;
import dev.roster.core.spi.Storage;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A keyset-paged read of one store, page after page until a short one: {@code fetch} reads the
 * page after a cursor (null for the first), {@code cursorOf} makes the cursor of a page's last item.
 */
final class Paged<T, C> implements Iterable<List<T>> {

    /** Users per page; also the most users one copy write holds. */
    static final int USERS = 500;
    /** Conversation ids per page. */
    static final int CONVERSATIONS = 100;
    /** Messages per page; also the most messages one copy write holds. */
    static final int MESSAGES = 500;

    private final Function<C, List<T>> fetch;
    private final Function<T, C> cursorOf;
    private final int pageSize;

    Paged(Function<C, List<T>> fetch, Function<T, C> cursorOf, int pageSize) {
        this.fetch = fetch;
        this.cursorOf = cursorOf;
        this.pageSize = pageSize;
    }

    /** {@return the users of {@code appId} in {@code storage}, in id order} */
    static Paged<User, String> users(Storage storage, String appId) {
        return new Paged<>(after -> storage.users().list(appId, after, USERS), User::id, USERS);
    }

    /** {@return the conversation ids of {@code appId} in {@code storage}, in id order} */
    static Paged<String, String> conversationIds(Storage storage, String appId) {
        return new Paged<>(after -> storage.conversations().listIds(appId, after, CONVERSATIONS), id -> id,
                CONVERSATIONS);
    }

    /** {@return the messages of one conversation in {@code storage}, newest first} */
    static Paged<Message, MessageCursor> messages(Storage storage, String appId, String conversationId) {
        return new Paged<>(after -> storage.conversations().messages(appId, conversationId, after, MESSAGES),
                MessageCursor::after, MESSAGES);
    }

    @Override
    public Iterator<List<T>> iterator() {
        return new Iterator<>() {
            private List<T> next = fetch.apply(null);

            @Override
            public boolean hasNext() {
                return !next.isEmpty();
            }

            @Override
            public List<T> next() {
                if (next.isEmpty()) {
                    throw new NoSuchElementException();
                }
                List<T> page = next;
                next = page.size() < pageSize ? List.of() : fetch.apply(cursorOf.apply(page.get(page.size() - 1)));
                return page;
            }
        };
    }

    /** {@return the items of every page, in order} */
    Iterator<T> items() {
        return items(page -> page);
    }

    /** {@return what {@code expand} makes of every page, page after page} */
    <R> Iterator<R> items(Function<List<T>, List<R>> expand) {
        Iterator<List<T>> pages = iterator();
        return new Iterator<>() {
            private Iterator<R> page = List.<R>of().iterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && pages.hasNext()) {
                    page = expand.apply(pages.next()).iterator();
                }
                return page.hasNext();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }
}
