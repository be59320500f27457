package dev.roster.server.copy;

import dev.roster.core.domain.App;
import dev.roster.core.spi.Storage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
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

    /** How far before the source's newest position a follow starts: more writes than can be in flight at once. */
    public static final int IN_FLIGHT = 1_000;

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
     * Where to {@link #follow} the source from after a copy that starts now: its change log's
     * newest position, less {@value #IN_FLIGHT} entries, since a write may become visible after a
     * later one, and one in flight now may commit after the copy read past what it changes.
     * Applying an entry twice is harmless.
     *
     * @return the position to pass to {@link #follow}
     */
    public long followFrom() {
        return Math.max(0, from.changes().head() - IN_FLIGHT);
    }

    /**
     * Keeps the target up to date after a copy (SPEC §13, {@code --follow}): applies each entry of
     * the source's change log after {@code after}, in order, by copying the user or conversation
     * it names again as the source holds it now, until {@code stopped} says so; then returns the
     * position reached. Apps are checked again with every batch of entries, so a change of settings
     * arrives with the next write of the app. An operator switching engines stops the writes, waits
     * for the position to reach the source's head, and stops the follow.
     *
     * @param after   the position to follow from, from {@link #followFrom()} before the copy
     * @param poll    how long to wait when the log has nothing new
     * @param stopped asked before each read of the log; true stops the follow
     * @return the position of the last entry applied
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws IllegalStateException if the target changed under the copy (run it again)
     */
    public long follow(long after, Duration poll, BooleanSupplier stopped) throws InterruptedException {
        return new Follower(from, new Copier(from, to, listener), appId).follow(after, poll, stopped);
    }

    /**
     * Counts what a copy would read, writing nothing (a dry run): one count of each kind per app
     * in the source, the totals a copy's progress reports too.
     *
     * @return the source's items per kind
     * @throws IllegalArgumentException if {@link #onlyApp(String) the app} is not in the source
     */
    public CopyCounts count() {
        CopyCounts counts = CopyCounts.NONE;
        for (App app : sourceApps()) {
            counts = counts.plus(Copier.countsOf(from, app.id()));
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
