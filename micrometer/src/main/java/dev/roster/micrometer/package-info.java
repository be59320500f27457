/**
 * Micrometer meters of a Roster on any registry, used by the Spring Boot starter and the
 * standalone server alike: {@link dev.roster.micrometer.TimedStorage} times every store call,
 * {@link dev.roster.micrometer.RosterMeters} binds the Roster's own counts. Every meter is named
 * {@code roster.…}.
 */
package dev.roster.micrometer;
