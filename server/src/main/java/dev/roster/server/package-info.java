/**
 * The standalone Roster server: the REST and browser API on embedded Jetty over a store opened by
 * URL, packaged as the executable {@code roster-server.jar}.
 */
package dev.roster.server;
