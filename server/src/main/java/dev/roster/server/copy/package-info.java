/** {@code copy}: everything from one store into another through the storage SPI, resumable and verified. */
package dev.roster.server.copy;
