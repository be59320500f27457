/**
 * The REST API on embedded Jetty 12: a core {@link org.eclipse.jetty.server.Handler} without the
 * servlet layer, and the error handler that keeps Jetty's own errors in the API's JSON shape.
 * Jetty is an optional dependency: add {@code org.eclipse.jetty:jetty-server} to use this package.
 */
package dev.roster.http.server;
