package dev.roster.bench;

import dev.roster.core.domain.User;
import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.UserWrite;
import dev.roster.core.spi.Versioned;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts the user loads (store round trips) it passes to the real one. */
final class CountingStorage implements Storage {

    private final Storage delegate;
    private final AtomicLong loads = new AtomicLong();
    private final UserStore users;

    CountingStorage(Storage delegate) {
        this.delegate = delegate;
        UserStore real = delegate.users();
        this.users = new UserStore() {
            @Override
            public Map<String, Versioned<User>> load(String appId, Collection<String> userIds) {
                loads.incrementAndGet();
                return real.load(appId, userIds);
            }

            @Override
            public boolean write(String appId, List<UserWrite> writes) {
                return real.write(appId, writes);
            }

            @Override
            public List<User> list(String appId, String startingAfter, int limit) {
                return real.list(appId, startingAfter, limit);
            }
        };
    }

    long loads() {
        return loads.get();
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
    public ConversationStore conversations() {
        return delegate.conversations();
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
        delegate.close();
    }
}
