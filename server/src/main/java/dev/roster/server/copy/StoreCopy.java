package dev.roster.server.copy;

import dev.roster.core.domain.App;
import dev.roster.core.spi.Storage;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Copies every app (or one) from one store to another through the storage SPI (SPEC §13): apps
 * with their settings, users with every field, conversations with their participations and read
 * markers, messages with their ids. Idempotent: only what the target lacks, or holds otherwise, is
 * written, so a second run writes nothing and a run after a crash continues where the crash left
 * it, without duplicates. Each write is one of the target's atomic writes, with the target's own
 * versions and change log; presence and the source's change log are not copied. Run it while the
 * source takes no writes, or run it again after they stop: a change between two reads of a
 * conversation is caught by the next run.
 *
 * <pre>{@code
 * try (Storage from = StorageProvider.openUrl(h2); Storage to = StorageProvider.openUrl(postgres)) {
 *     CopyProgress done = StoreCopy.between(from, to).copy();
 *     Verification check = StoreCopy.between(from, to).verify();
 * }
 * }</pre>
 */
public final class StoreCopy {

    private final Storage from;
    private final Storage to;
    private final String appId;
    private final Consumer<CopyProgress> listener;

    private StoreCopy(Storage from, Storage to, String appId, Consumer<CopyProgress> listener) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.appId = appId;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A copy of every app of {@code from} into {@code to}; the caller opens and closes both.
     *
     * @param from the source store
     * @param to   the target store
     * @return the copy, not started
     * @throws IllegalArgumentException if both are the same store object
     */
    public static StoreCopy between(Storage from, Storage to) {
        if (from == to) {
            throw new IllegalArgumentException("from and to are the same store");
        }
        return new StoreCopy(from, to, null, progress -> { });
    }

    /**
     * Limits the copy to one app.
     *
     * @param appId the app to copy
     * @return a copy of that app only
     */
    public StoreCopy onlyApp(String appId) {
        return new StoreCopy(from, to, Objects.requireNonNull(appId, "appId"), listener);
    }

    /**
     * Reports progress to {@code listener}, on the copying thread, after every page.
     *
     * @param listener what to call with the progress so far
     * @return a copy that reports to {@code listener}
     */
    public StoreCopy onProgress(Consumer<CopyProgress> listener) {
        return new StoreCopy(from, to, appId, listener);
    }

    /**
     * Copies.
     *
     * @return what was read from the source and what of it was written
     * @throws IllegalArgumentException if {@link #onlyApp(String) the app} is not in the source
     * @throws IllegalStateException    if the target changed under the copy (run it again)
     */
    public CopyProgress copy() {
        return new Copier(from, to, listener).copy(sourceApps());
    }

    /**
     * Counts what a copy would read, writing nothing (a dry run).
     *
     * @return the source's items per kind
     * @throws IllegalArgumentException if {@link #onlyApp(String) the app} is not in the source
     */
    public CopyCounts count() {
        CopyCounts counts = CopyCounts.NONE;
        for (App app : sourceApps()) {
            long users = 0;
            for (var page : Paged.users(from, app.id())) {
                users += page.size();
            }
            long conversations = 0;
            long messages = 0;
            for (var ids : Paged.conversationIds(from, app.id())) {
                conversations += ids.size();
                for (String id : ids) {
                    for (var page : Paged.messages(from, app.id(), id)) {
                        messages += page.size();
                    }
                }
            }
            counts = counts.plus(new CopyCounts(1, users, conversations, messages));
            listener.accept(new CopyProgress(counts, CopyCounts.NONE));
        }
        return counts;
    }

    /**
     * Re-reads both stores and compares them item by item: for every app of the source (and,
     * copying every app, every app only the target holds), apps, users, conversations with their
     * participations, and messages.
     *
     * @return the counts and digests of both sides and every difference
     * @throws IllegalArgumentException if {@link #onlyApp(String) the app} is in neither store
     */
    public Verification verify() {
        TreeSet<String> appIds = new TreeSet<>();
        if (appId != null) {
            if (from.apps().find(appId).isEmpty() && to.apps().find(appId).isEmpty()) {
                throw noSuchApp(appId, "in either store");
            }
            appIds.add(appId);
        } else {
            from.apps().all().forEach(app -> appIds.add(app.id()));
            to.apps().all().forEach(app -> appIds.add(app.id()));
        }
        return new Verifier(from, to).verify(List.copyOf(appIds));
    }

    private List<App> sourceApps() {
        if (appId == null) {
            return from.apps().all();
        }
        return List.of(from.apps().find(appId).orElseThrow(() -> noSuchApp(appId, "in the source store")));
    }

    private static IllegalArgumentException noSuchApp(String appId, String where) {
        return new IllegalArgumentException("app: no app " + appId + " " + where);
    }
}
