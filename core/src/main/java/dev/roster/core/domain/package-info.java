/**
 * The pure domain: users, patches, validation, apps, conversations, participations, messages and the conversation filter language. Plain Java with no
 * dependency outside {@code java.*}; every type is an immutable value or a pure function.
 */
package dev.roster.core.domain;
