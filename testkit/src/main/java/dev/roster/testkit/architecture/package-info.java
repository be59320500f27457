/**
 * The rules that keep Roster a hexagon, as ArchUnit rules. Roster's own build applies them in the
 * {@code architecture-tests} module; a user's build can apply them to Roster's jars, or to its
 * own storage adapter through {@link dev.roster.testkit.architecture.RosterArchitecture#storageAdapter}.
 */
package dev.roster.testkit.architecture;
