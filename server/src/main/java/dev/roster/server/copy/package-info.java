/**
 * {@code copy}: everything from one store into another through the storage SPI, resumable and
 * verified; {@code import}: one app of a TalkJS-compatible REST API into a Roster, resumable too.
 */
package dev.roster.server.copy;
