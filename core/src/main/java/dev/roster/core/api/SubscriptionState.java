package dev.roster.core.api;

import dev.roster.core.domain.RosterException;

/**
 * The state of a {@link Subscription}.
 *
 * @param <S> the snapshot type
 */
public sealed interface SubscriptionState<S> {

    /** Started, first snapshot not loaded yet. */
    record Pending<S>() implements SubscriptionState<S> {}

    /**
     * Receiving updates.
     *
     * @param latestSnapshot the current state, or null if the subscribed thing does not exist
     */
    record Active<S>(S latestSnapshot) implements SubscriptionState<S> {}

    /** Ended by {@link Subscription#unsubscribe()}. */
    record Unsubscribed<S>() implements SubscriptionState<S> {}

    /**
     * Ended by an error it cannot recover from.
     *
     * @param error what went wrong
     */
    record Errored<S>(RosterException error) implements SubscriptionState<S> {}
}
