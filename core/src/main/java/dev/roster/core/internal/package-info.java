/**
 * Roster's own machinery behind the public API (batching, caching, change following) and the
 * in-memory store. Not part of the API: anything here may change in any release.
 */
package dev.roster.core.internal;
