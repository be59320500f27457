/**
 * The REST API on embedded Jetty 12: a core {@link org.eclipse.jetty.server.Handler} (no servlet
 * layer) and the standalone server's main class.
 */
package dev.roster.http.server;
