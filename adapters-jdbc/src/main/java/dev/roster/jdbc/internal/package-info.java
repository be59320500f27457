/**
 * How the JDBC stores work: SQL, migrations, row mapping and error translation. Not API: it may
 * change in any release.
 */
package dev.roster.jdbc.internal;
