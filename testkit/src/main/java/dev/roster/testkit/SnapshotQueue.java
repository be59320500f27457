package dev.roster.testkit;

import dev.roster.core.domain.UserSnapshot;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects the snapshots a subscription delivers, so a test can take them one by one with a bounded wait. */
public final class SnapshotQueue implements Consumer<UserSnapshot> {

    private final BlockingQueue<Optional<UserSnapshot>> received = new LinkedBlockingQueue<>();

    @Override
    public void accept(UserSnapshot snapshot) {
        received.add(Optional.ofNullable(snapshot));
    }

    /**
     * The next delivered snapshot (null for "no such user"), waiting at most {@link ContractSupport#WAIT}.
     *
     * @return the snapshot, or null for "no such user"
     * @throws AssertionError if nothing arrives in time
     */
    public UserSnapshot next() {
        try {
            Optional<UserSnapshot> next = received.poll(ContractSupport.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no snapshot within " + ContractSupport.WAIT);
            }
            return next.orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return how many snapshots were delivered and not taken yet} */
    public int pending() {
        return received.size();
    }
}
