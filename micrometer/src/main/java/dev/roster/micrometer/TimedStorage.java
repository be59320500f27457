package dev.roster.micrometer;

import dev.roster.core.spi.AppStore;
import dev.roster.core.spi.Capability;
import dev.roster.core.spi.ChangeLog;
import dev.roster.core.spi.ConversationStore;
import dev.roster.core.spi.PresenceStore;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.UserStore;
import dev.roster.core.spi.WebhookStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Storage} that times every call of its ports ({@code roster.store.operations}, tagged
 * {@code operation} such as {@code users.load} and {@code outcome}) and records the size of each
 * call's collection argument, the batch a call carries ({@code roster.store.batch.size}). Each port
 * is a dynamic proxy, so a method added to a port is timed without a change here. Give it to
 * {@code Roster.builder().storage(…)}; closing it leaves the wrapped store open, for whoever opened
 * that store to close.
 */
public final class TimedStorage implements Storage {

    /** The name of the timers of store calls. */
    public static final String OPERATIONS = "roster.store.operations";

    /** The name of the distribution summary of batch sizes. */
    public static final String BATCH_SIZE = "roster.store.batch.size";

    private final Storage storage;
    private final AppStore apps;
    private final UserStore users;
    private final ConversationStore conversations;
    private final PresenceStore presence;
    private final ChangeLog changes;
    private final WebhookStore webhooks;

    /**
     * Times the calls of {@code storage} on {@code registry}; each operation's meters are registered on its first call.
     *
     * @param storage  the store to time
     * @param registry where the meters go
     */
    public TimedStorage(Storage storage, MeterRegistry registry) {
        this.storage = storage;
        this.apps = timed(AppStore.class, "apps", storage.apps(), registry);
        this.users = timed(UserStore.class, "users", storage.users(), registry);
        this.conversations = timed(ConversationStore.class, "conversations", storage.conversations(), registry);
        this.presence = timed(PresenceStore.class, "presence", storage.presence(), registry);
        this.changes = timed(ChangeLog.class, "changes", storage.changes(), registry);
        this.webhooks = timed(WebhookStore.class, "webhooks", storage.webhooks(), registry);
    }

    @Override
    public AppStore apps() {
        return apps;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public PresenceStore presence() {
        return presence;
    }

    @Override
    public ChangeLog changes() {
        return changes;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public Set<Capability> capabilities() {
        return storage.capabilities();
    }

    /** Leaves the wrapped store open: it belongs to whoever opened it. */
    @Override
    public void close() {
    }

    private static <T> T timed(Class<T> port, String portName, T target, MeterRegistry registry) {
        Map<Method, Meters> meters = new ConcurrentHashMap<>();
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return invoke(target, method, args);
            }
            Meters m = meters.computeIfAbsent(method, k -> new Meters(registry, portName + "." + k.getName(), k));
            m.recordBatch(args);
            long start = System.nanoTime();
            try {
                Object result = invoke(target, method, args);
                m.success.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return result;
            } catch (Throwable e) {
                timer(registry, m.operation, "error").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                throw e;
            }
        }));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Timer timer(MeterRegistry registry, String operation, String outcome) {
        return Timer.builder(OPERATIONS).description("Calls of Roster's store, by operation")
                .tag("operation", operation).tag("outcome", outcome).register(registry);
    }

    /**
     * The meters of one operation, registered on its first call: its timer of successful calls and,
     * when it takes a collection, its batch sizes. The timer of failed calls is registered on the first failure.
     */
    private static final class Meters {
        final String operation;
        final Timer success;
        final DistributionSummary batch;
        final int batchArgument;

        Meters(MeterRegistry registry, String operation, Method method) {
            this.operation = operation;
            this.success = timer(registry, operation, "success");
            this.batchArgument = collectionParameter(method);
            this.batch = batchArgument < 0 ? null : DistributionSummary.builder(BATCH_SIZE)
                    .description("Items in one store call").baseUnit("items").tag("operation", operation)
                    .register(registry);
        }

        void recordBatch(Object[] args) {
            if (batch != null && args[batchArgument] instanceof Collection<?> items) {
                batch.record(items.size());
            }
        }

        private static int collectionParameter(Method method) {
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (Collection.class.isAssignableFrom(types[i])) {
                    return i;
                }
            }
            return -1;
        }
    }
}
