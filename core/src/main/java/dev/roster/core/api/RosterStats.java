package dev.roster.core.api;

import java.time.Duration;

/**
 * What one {@link Roster} has counted since it was built, and its levels now, for metrics and
 * health checks ({@link Roster#stats()}). Counters only grow; none of these numbers costs a store call.
 *
 * @param cacheHits      user reads ({@link UserRef#get()} and subscriptions) answered from the cache
 * @param cacheMisses    user reads that had to go to the store
 * @param cacheEvictions users dropped from the cache for its size or their age
 * @param cachedUsers    users in the cache now (an estimate); 0 when the cache is off
 * @param changePosition the change-log position up to which this process has read every entry
 * @param changeLag      how long ago the change follower last read the log up to its end; about
 *                       the poll interval when all is well, and growing while reads fail or fall behind
 */
public record RosterStats(long cacheHits, long cacheMisses, long cacheEvictions, long cachedUsers,
                          long changePosition, Duration changeLag) {
}
