package dev.roster.server.copy;

import dev.roster.http.source.TalkJsSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * One listing route of a TalkJS-compatible API read through once to count its items, the
 * {@link #count first ones} kept: walking it afterwards yields the kept items and then, when there
 * were more, lists the rest again as it goes, after the last kept one. So a listing within the
 * limit is requested once in all, and a longer one costs one more request per
 * {@value TalkJsSource#PAGE} items past it while its memory stays bounded.
 */
final class SourceListing implements Iterable<Map<String, Object>> {

    private final Function<String, List<Map<String, Object>>> list;
    private final List<Map<String, Object>> kept;
    private final boolean more;
    private final long size;

    private SourceListing(Function<String, List<Map<String, Object>>> list, List<Map<String, Object>> kept,
                          boolean more, long size) {
        this.list = list;
        this.kept = kept;
        this.more = more;
        this.size = size;
    }

    /**
     * Reads the whole listing, page by page, keeping the first {@code keep} items.
     *
     * @param list   the route: the page after an item's id, or the first page for null
     * @param keep   how many items to keep
     * @param listed called after every page with the items listed so far
     * @return the listing, counted
     */
    static SourceListing count(Function<String, List<Map<String, Object>>> list, int keep, LongConsumer listed) {
        List<Map<String, Object>> kept = new ArrayList<>();
        long size = 0;
        for (List<Map<String, Object>> page : pages(list, null)) {
            for (Map<String, Object> item : page) {
                if (kept.size() < keep) {
                    kept.add(item);
                }
            }
            size += page.size();
            listed.accept(size);
        }
        return new SourceListing(list, Collections.unmodifiableList(kept), size > kept.size(), size);
    }

    /** {@return how many items the listing held when it was counted} */
    long size() {
        return size;
    }

    /** The kept items, then the rest listed again after the last of them. */
    @Override
    public Iterator<Map<String, Object>> iterator() {
        Iterator<List<Map<String, Object>>> rest = more
                ? pages(list, kept.isEmpty() ? null : id(kept.get(kept.size() - 1))).iterator()
                : Collections.emptyIterator();
        return new Iterator<>() {
            private Iterator<Map<String, Object>> page = kept.iterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && rest.hasNext()) {
                    page = rest.next().iterator();
                }
                return page.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    /**
     * Every page of a listing after {@code after} (from the start for null), each page after the
     * last item of the previous one, until a short page; a page is requested when the one before
     * it has been taken.
     */
    static Iterable<List<Map<String, Object>>> pages(Function<String, List<Map<String, Object>>> list, String after) {
        return () -> new Iterator<>() {
            private List<Map<String, Object>> next = list.apply(after);

            @Override
            public boolean hasNext() {
                return !next.isEmpty();
            }

            @Override
            public List<Map<String, Object>> next() {
                if (next.isEmpty()) {
                    throw new NoSuchElementException();
                }
                List<Map<String, Object>> page = next;
                next = page.size() < TalkJsSource.PAGE ? List.of() : list.apply(id(page.get(page.size() - 1)));
                return page;
            }
        };
    }

    /**
     * {@return the item's id}
     *
     * @throws IllegalStateException when it has no string id
     */
    static String id(Map<String, Object> json) {
        if (!(json.get("id") instanceof String id)) {
            throw new IllegalStateException("The source sent an item without a string id: " + json.keySet());
        }
        return id;
    }
}
