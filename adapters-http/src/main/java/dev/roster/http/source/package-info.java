/**
 * Reading a TalkJS-compatible REST API: {@link dev.roster.http.source.TalkJsSource} pages through
 * an app's users, conversations and messages with the list routes of SPEC §5, for {@code import}.
 */
package dev.roster.http.source;
