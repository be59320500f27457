/**
 * What callers use: {@link dev.roster.core.api.Roster} with the trusted server operations, and the
 * Data API of a signed-in user ({@link dev.roster.core.api.Session},
 * {@link dev.roster.core.api.UserRef}, {@link dev.roster.core.api.UserSubscription}).
 */
package dev.roster.core.api;
