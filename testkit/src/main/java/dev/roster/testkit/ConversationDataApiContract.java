package dev.roster.testkit;

import dev.roster.core.api.ConversationRef;
import dev.roster.core.api.Session;
import dev.roster.core.domain.Access;
import dev.roster.core.domain.ConversationParams;
import dev.roster.core.domain.ConversationQuery;
import dev.roster.core.domain.ConversationView;
import dev.roster.core.domain.ErrorCode;
import dev.roster.core.domain.FieldPatch;
import dev.roster.core.domain.Notify;
import dev.roster.core.domain.Participation;
import dev.roster.core.domain.ParticipationPatch;
import dev.roster.core.domain.RosterException;
import dev.roster.core.domain.UserConversation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversation writes of a signed-in user through the Data API (SPEC §3–4, seed 003), enforced by
 * core: reads answer only participants; every create or change needs client conversation sync,
 * and every change of an existing conversation needs the user to take part with ReadWrite access.
 * A refused write changes nothing (the change log does not move).
 */
public abstract class ConversationDataApiContract extends ConversationSupport {

    private Session as(String userId) {
        return roster.session(app.id(), userId);
    }

    private ConversationView stored(String conversationId) {
        return conversations().find(app.id(), conversationId).orElse(null);
    }

    private void syncOff() {
        roster.saveApp(app.withSettings(app.settings().withClientConversationSync(false)));
    }

    private static RosterException refused(ErrorCode code, Executable call) {
        RosterException e = assertThrows(RosterException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void getAnswersOnlyParticipants() {
        String a = newUser();
        String b = newUser();
        String c = newConversation(a, b);
        UserConversation seen = await(as(a).conversation(c).get());
        assertEquals(c, seen.view().conversation().id());
        assertEquals(a, seen.entry().userId());
        assertEquals(Set.of(a, b), seen.view().participants().keySet());
        assertNull(await(as(newUser()).conversation(c).get()));
        assertNull(await(as(a).conversation(newId("c")).get()));
        assertNotNull(await(as(a).conversation(c).participant(b).get()));
        assertNull(await(as(newUser()).conversation(c).participant(b).get()));
    }

    @Test
    void createIfNotExistsMakesTheUserItsOnlyReadWriteParticipantAndOtherwiseDoesNothing() {
        String me = newUser();
        String c = newId("c");
        ConversationRef ref = as(me).conversation(c);
        await(ref.createIfNotExists(ConversationParams.none().withSubject("First").withCustom("k", "v")));
        UserConversation created = await(ref.get());
        assertEquals("First", created.view().conversation().subject());
        assertEquals(Map.of("k", "v"), created.view().conversation().custom());
        assertEquals(Set.of(me), created.view().participants().keySet());
        assertEquals(Access.READ_WRITE, created.entry().access());
        assertEquals(Notify.ALL, created.entry().notification());
        String stranger = newUser();
        long head = storage().changes().assigned();
        await(ref.createIfNotExists(ConversationParams.none().withSubject("Second")));
        await(as(stranger).conversation(c).createIfNotExists(ConversationParams.none().withSubject("Third")));
        assertEquals(head, storage().changes().assigned());
        assertEquals("First", stored(c).conversation().subject());
        assertEquals(Set.of(me), stored(c).participants().keySet());
    }

    @Test
    void createdConversationsAreInTheUsersList() {
        String me = newUser();
        String c = newId("c");
        await(as(me).conversation(c).createIfNotExists(ConversationParams.none()));
        assertEquals(List.of(c), ids(ConversationQuery.builder(me).build()));
    }

    @Test
    void setCreatesThenPatchesFieldsAndTheUsersOwnParticipation() {
        String me = newUser();
        ConversationRef ref = as(me).conversation(newId("c"));
        await(ref.set(ConversationParams.none().withSubject("Hello").withCustom("a", "1")
                .withParticipation(Access.READ_WRITE, Notify.MENTIONS_ONLY)));
        assertEquals(Notify.MENTIONS_ONLY, await(ref.get()).entry().notification());
        await(ref.set(ConversationParams.none().withCustom("b", "2")));
        UserConversation after = await(ref.get());
        assertEquals("Hello", after.view().conversation().subject());
        assertEquals(Map.of("a", "1", "b", "2"), after.view().conversation().custom());
        assertEquals(Notify.MENTIONS_ONLY, after.entry().notification());
        await(ref.set(ConversationParams.none().withSubject(null).withParticipation(Access.READ, Notify.OFF)));
        UserConversation last = await(ref.get());
        assertNull(last.view().conversation().subject());
        assertEquals(Access.READ, last.entry().access());
        assertEquals(Notify.OFF, last.entry().notification());
    }

    @Test
    void setChangesEveryParticipantsListingEntry() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        await(as(me).conversation(c).set(ConversationParams.none().withSubject("Renamed")));
        UserConversation theirs = conversations().list(app.id(), ConversationQuery.builder(other).build()).get(0);
        assertEquals("Renamed", theirs.entry().subject());
    }

    @Test
    void aUserWhoIsNotAParticipantCannotChangeTheConversation() {
        String a = newUser();
        String b = newUser();
        String c = newConversation(a, b);
        String stranger = newUser();
        ConversationRef ref = as(stranger).conversation(c);
        long head = storage().changes().assigned();
        RosterException e = refused(ErrorCode.FORBIDDEN, () -> await(ref.set(ConversationParams.none().withSubject("x"))));
        assertTrue(e.getMessage().contains("not a participant"), e.getMessage());
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(stranger).set(Access.READ_WRITE, Notify.ALL)));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(a).set(Access.READ, Notify.ALL)));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(a).edit(ParticipationPatch.of(Access.NONE, Notify.OFF))));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(b).delete()));
        assertEquals(head, storage().changes().assigned());
        assertEquals(Set.of(a, b), stored(c).participants().keySet());
        assertNull(stored(c).conversation().subject());
    }

    @Test
    void aParticipantWithoutReadWriteAccessCannotChangeItNorLiftItsOwnAccess() {
        String reader = newUser();
        String writer = newUser();
        String c = newConversation(reader, writer);
        conversations().putParticipant(app.id(), c, reader, Access.READ, Notify.ALL);
        ConversationRef ref = as(reader).conversation(c);
        long head = storage().changes().assigned();
        RosterException e = refused(ErrorCode.FORBIDDEN, () -> await(ref.set(ConversationParams.none().withSubject("x"))));
        assertTrue(e.getMessage().contains("Read access"), e.getMessage());
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(reader).set(Access.READ_WRITE, Notify.ALL)));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(reader).edit(
                new ParticipationPatch(FieldPatch.of(Access.READ_WRITE), FieldPatch.keep(), FieldPatch.keep()))));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(writer).delete()));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.leave()));
        assertEquals(head, storage().changes().assigned());
        assertEquals(Access.READ, stored(c).participants().get(reader).access());
        assertNotNull(await(ref.get()), "a reader still reads it");
    }

    @Test
    void aReadWriteParticipantAddsEditsAndRemovesOthersAndLeaves() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me);
        ConversationRef ref = as(me).conversation(c);
        await(ref.participant(other).set(Access.READ, Notify.OFF));
        Participation added = await(ref.participant(other).get());
        assertEquals(Access.READ, added.access());
        assertEquals(Notify.OFF, added.notification());
        await(ref.participant(other).edit(new ParticipationPatch(FieldPatch.keep(), FieldPatch.of(Notify.MENTIONS_ONLY),
                FieldPatch.keep())));
        assertEquals(Access.READ, await(ref.participant(other).get()).access());
        assertEquals(Notify.MENTIONS_ONLY, await(ref.participant(other).get()).notification());
        await(ref.participant(other).delete());
        assertNull(await(ref.participant(other).get()));
        await(ref.leave());
        assertNull(await(ref.get()));
        assertTrue(stored(c).participants().isEmpty());
    }

    @Test
    void withClientConversationSyncOffReadsWorkAndEveryCreateOrChangeIsForbidden() {
        String me = newUser();
        String other = newUser();
        String c = newConversation(me, other);
        syncOff();
        String third = newUser();
        ConversationRef ref = as(me).conversation(c);
        assertNotNull(await(ref.get()));
        assertEquals(List.of(c), ids(ConversationQuery.builder(me).build()));
        long head = storage().changes().assigned();
        await(ref.createIfNotExists(ConversationParams.none().withSubject("ignored")));
        String missing = newId("c");
        RosterException e = refused(ErrorCode.FORBIDDEN, () -> await(as(me).conversation(missing)
                .createIfNotExists(ConversationParams.none())));
        assertTrue(e.getMessage().contains("synchronisation is disabled"), e.getMessage());
        refused(ErrorCode.FORBIDDEN, () -> await(as(me).conversation(missing).set(ConversationParams.none())));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.set(ConversationParams.none().withSubject("x"))));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(third).set(Access.READ_WRITE, Notify.ALL)));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(other).edit(ParticipationPatch.of(Access.READ, Notify.ALL))));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.participant(other).delete()));
        refused(ErrorCode.FORBIDDEN, () -> await(ref.leave()));
        assertEquals(head, storage().changes().assigned());
        assertNull(stored(missing));
        assertNull(stored(c).conversation().subject());
        assertEquals(Set.of(me, other), stored(c).participants().keySet());
    }

    @Test
    void participantWritesOnAMissingConversationAreForbiddenAndBadInputIsInvalid() {
        String me = newUser();
        String other = newUser();
        ConversationRef missing = as(me).conversation(newId("c"));
        refused(ErrorCode.FORBIDDEN, () -> await(missing.participant(other).set(Access.READ_WRITE, Notify.ALL)));
        assertNull(stored(missing.id()));
        String c = newConversation(me);
        ConversationRef ref = as(me).conversation(c);
        refused(ErrorCode.NOT_FOUND, () -> await(ref.participant(other).edit(ParticipationPatch.of(Access.READ, Notify.ALL))));
        refused(ErrorCode.NOT_FOUND, () -> await(ref.participant(other).delete()));
        refused(ErrorCode.NOT_FOUND, () -> await(ref.participant(newId("ghost")).set(Access.READ, Notify.ALL)));
        RosterException e = refused(ErrorCode.INVALID_ARGUMENT,
                () -> await(ref.participant(me).edit(ParticipationPatch.none().withReadUntil(5))));
        assertTrue(e.violations().toString().contains("readUntil"), e.violations().toString());
        refused(ErrorCode.INVALID_ARGUMENT, () -> as(me).conversation(""));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ref.participant(""));
        RosterException unknown = refused(ErrorCode.INVALID_ARGUMENT, () -> ConversationParams.fromJson(
                Map.of("participants", List.of(other), "access", "Owner"), c));
        assertTrue(unknown.violations().toString().contains("participants"), unknown.violations().toString());
        assertTrue(unknown.violations().toString().contains("access"), unknown.violations().toString());
    }

    @Test
    void aSignedInUserWhoIsNotAUserCannotCreateAConversation() {
        String c = newId("c");
        refused(ErrorCode.NOT_FOUND, () -> await(as(newId("nobody")).conversation(c).set(ConversationParams.none())));
        assertNull(stored(c));
    }
}
