/**
 * Spring Boot auto-configuration of Roster: a {@link dev.roster.core.api.Roster} over the
 * application's {@code DataSource} or {@code roster.storage-url}, apps from {@code roster.apps},
 * the REST and browser API as a servlet under {@code roster.http.path}, and, with Actuator, the
 * {@code roster} health indicator and {@code roster.*} Micrometer meters. Configured by
 * {@link dev.roster.spring.RosterProperties}.
 */
package dev.roster.spring;
