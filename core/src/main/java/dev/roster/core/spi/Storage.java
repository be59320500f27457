package dev.roster.core.spi;

import java.util.Set;

/**
 * One storage engine's implementation of every port. Opened by a {@link StorageProvider} or built
 * directly; closed by whoever opened it.
 */
public interface Storage extends AutoCloseable {

    /** {@return the apps} */
    AppStore apps();

    /** {@return the users} */
    UserStore users();

    /** {@return the conversations, their participants' entries and their messages} */
    ConversationStore conversations();

    /** {@return who is online} */
    PresenceStore presence();

    /** {@return the change log that every write appends to} */
    ChangeLog changes();

    /** {@return the webhooks and their deliveries} */
    WebhookStore webhooks();

    /** {@return the guarantees this store gives beyond the contract every store meets} */
    Set<Capability> capabilities();

    /** Releases connections and threads; idempotent. */
    @Override
    void close();
}
