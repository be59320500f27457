package dev.roster.core.api;

import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserSnapshot;

/** The state of a {@link UserSubscription}. */
public sealed interface SubscriptionState {

    /** Started, first snapshot not loaded yet. */
    record Pending() implements SubscriptionState {}

    /**
     * Receiving updates.
     *
     * @param latestSnapshot the user now, or null if the user does not exist
     */
    record Active(UserSnapshot latestSnapshot) implements SubscriptionState {}

    /** Ended by {@link UserSubscription#unsubscribe()}. */
    record Unsubscribed() implements SubscriptionState {}

    /**
     * Ended by an error it cannot recover from.
     *
     * @param error what went wrong
     */
    record Errored(RosterException error) implements SubscriptionState {}
}
