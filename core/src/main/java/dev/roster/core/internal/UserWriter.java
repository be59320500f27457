package dev.roster.core.internal;

import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserPatch;
import dev.roster.core.spi.CreateOrLoad;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Applies user patches with optimistic concurrency: load (one round trip), apply the update rule,
 * compare-and-set all changed users in one atomic write, and start over on a version conflict, so
 * concurrent updates of different fields all survive. Unchanged users are not written. A write
 * whose patches all set the name first tries to create every user, which is one round trip when
 * they are all new and answers the stored users, like the load, when any exists.
 */
public final class UserWriter {

    private static final int MAX_ATTEMPTS = 100;

    private final UserStore store;
    private final Clock clock;
    private final UserReader reader;
    private final Runnable afterWrite;

    /**
     * @param afterWrite runs after every successful write (wakes the change follower)
     */
    public UserWriter(UserStore store, Clock clock, UserReader reader, Runnable afterWrite) {
        this.store = store;
        this.clock = clock;
        this.reader = reader;
        this.afterWrite = afterWrite;
    }

    /** What to do with a user that exists already. */
    public enum Mode {
        /** Apply the patch to it. */
        UPSERT,
        /** Leave it as it is. */
        CREATE_ONLY,
        /** Apply the patch, an erase, to it; a missing user is left missing (and not in the result). */
        ERASE
    }

    /**
     * Applies every patch atomically; a missing user is created (then its patch must have a name).
     *
     * @return every user after the write, keyed by id in the patches' order
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} if a missing user's patch has no
     *                         name, {@link ErrorCode#CONFLICT} if writers kept colliding
     */
    public Map<String, User> write(String appId, Map<String, UserPatch> patches, Mode mode) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, Versioned<User>> current;
            if (attempt == 0 && mode != Mode.ERASE && patches.values().stream().allMatch(UserWriter::names)) {
                Map<String, User> created = new LinkedHashMap<>();
                CreateOrLoad outcome = createOrLoad(appId, patches, created);
                if (outcome.created()) {
                    return created;
                }
                current = outcome.stored();
            } else {
                current = store.load(appId, patches.keySet());
            }
            Map<String, User> result = new LinkedHashMap<>();
            List<UserWrite> writes = new ArrayList<>();
            long now = clock.millis();
            patches.forEach((id, patch) -> {
                Versioned<User> stored = current.get(id);
                if (stored == null && mode == Mode.ERASE) {
                    return;
                }
                User next = stored == null ? User.create(id, patch, now)
                        : mode == Mode.CREATE_ONLY ? stored.value() : stored.value().apply(patch);
                result.put(id, next);
                if (stored == null || next != stored.value()) {
                    writes.add(new UserWrite(next, stored == null ? 0 : stored.version(),
                            FeedEvents.userEntry(stored == null ? null : stored.value(), next, mode == Mode.ERASE, now),
                            stored == null ? null : stored.value()));
                }
            });
            if (writes.isEmpty()) {
                return result;
            }
            if (store.write(appId, writes)) {
                written(appId, writes);
                return result;
            }
        }
        throw gaveUp();
    }

    /** Whether a patch can create a user: it sets the name. */
    private static boolean names(UserPatch patch) {
        return patch.name() instanceof FieldPatch.SetTo;
    }

    /**
     * The first attempt of a write whose patches could all create their users: creates them all
     * if none exists ({@link UserStore#createOrLoad}), which costs a new user no load before its
     * write; fills {@code created} when it did.
     */
    private CreateOrLoad createOrLoad(String appId, Map<String, UserPatch> patches, Map<String, User> created) {
        long now = clock.millis();
        List<UserWrite> creates = new ArrayList<>();
        patches.forEach((id, patch) -> {
            User user = User.create(id, patch, now);
            creates.add(new UserWrite(user, 0, FeedEvents.userEntry(null, user, false, now)));
        });
        CreateOrLoad outcome = store.createOrLoad(appId, creates);
        if (outcome.created()) {
            creates.forEach(create -> created.put(create.user().id(), create.user()));
            written(appId, creates);
        }
        return outcome;
    }

    /** Tells the reader's cache and the change follower about writes that were stored. */
    private void written(String appId, List<UserWrite> writes) {
        writes.forEach(w -> reader.accept(appId, w.user().id(), w.newVersion(), w.user()));
        afterWrite.run();
    }

    /**
     * Changes one existing user with {@code change} (a pure function of the stored user, run again
     * on a version conflict) in one atomic write with its change-log entry; writes nothing when
     * it returns the same instance.
     *
     * @return the user after the change
     * @throws RosterException {@link ErrorCode#NOT_FOUND} if there is no such user,
     *                         {@link ErrorCode#CONFLICT} if writers kept colliding
     */
    public User update(String appId, String userId, UnaryOperator<User> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned<User> stored = store.load(appId, List.of(userId)).get(userId);
            if (stored == null) {
                throw RosterException.notFound("There is no user with id " + userId + ".");
            }
            User next = change.apply(stored.value());
            if (next == stored.value()) {
                return next;
            }
            UserWrite write = new UserWrite(next, stored.version(),
                    FeedEvents.userEntry(stored.value(), next, false, clock.millis()), stored.value());
            if (store.write(appId, List.of(write))) {
                written(appId, List.of(write));
                return next;
            }
        }
        throw gaveUp();
    }

    private static RosterException gaveUp() {
        return RosterException.of(ErrorCode.CONFLICT,
                "Gave up after " + MAX_ATTEMPTS + " attempts: other writers kept changing the same users");
    }
}
