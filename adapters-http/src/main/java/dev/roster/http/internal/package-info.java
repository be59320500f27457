/**
 * How the REST API works inside: routing, JSON, authentication, query parameters and the
 * endpoints. Not API: anything here may change between releases.
 */
package dev.roster.http.internal;
