package dev.roster.testkit;

import dev.roster.core.domain.User;
import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that passes every call to a real store and counts the user loads, so a test can check
 * how many round trips Roster made. Closing it does not close the real store.
 */
public final class CountingStorage implements Storage {

    private final Storage delegate;
    private final AtomicInteger userLoads = new AtomicInteger();
    private final UserStore users;

    /** Counts the user loads made through it on {@code delegate}. */
    public CountingStorage(Storage delegate) {
        this.delegate = delegate;
        this.users = new UserStore() {
            @Override
            public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
                userLoads.incrementAndGet();
                return delegate.users().load(appId, userIds);
            }

            @Override
            public boolean write(String appId, List<UserWrite> writes) {
                return delegate.users().write(appId, writes);
            }

            @Override
            public List<User> list(String appId, String startingAfter, int limit) {
                return delegate.users().list(appId, startingAfter, limit);
            }
        };
    }

    /** How many times {@link UserStore#load} was called. */
    public int userLoads() {
        return userLoads.get();
    }

    @Override
    public AppStore apps() {
        return delegate.apps();
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public PresenceStore presence() {
        return delegate.presence();
    }

    @Override
    public ChangeLog changes() {
        return delegate.changes();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void close() {
        // The real store belongs to the test class, which closes it.
    }
}
