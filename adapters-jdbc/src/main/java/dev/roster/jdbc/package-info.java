/**
 * Roster's stores on JDBC for H2, PostgreSQL and MariaDB: {@link dev.roster.jdbc.JdbcStorage} to
 * open one directly, {@link dev.roster.jdbc.JdbcStorageProvider} to find it by URL through
 * {@link java.util.ServiceLoader}.
 */
package dev.roster.jdbc;
