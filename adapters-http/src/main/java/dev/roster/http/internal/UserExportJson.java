package dev.roster.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.roster.core.api.Roster;
import dev.roster.core.api.UserExportVisitor;
import dev.roster.core.domain.InboxEntry;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.PresenceSession;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserConversation;
import dev.roster.core.domain.UserLifecycle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export document of one user (SPEC §10), written as {@link Roster#exportUser} reads it:
 * {@code {"user": {…}, "conversations": […], "messages": […], "presence": […]}}, each item
 * encoded and handed to the output as it comes, so the document is never held whole.
 */
public final class UserExportJson implements UserExportVisitor {

    private static final System.Logger LOG = System.getLogger(UserExportJson.class.getName());
    private static final List<String> PARTS = List.of("conversations", "messages", "presence");

    private final JsonGenerator out;
    private int part = -1;

    private UserExportJson(JsonGenerator out) {
        this.out = out;
    }

    /**
     * Writes the user's export to {@code out}. The caller has checked that the user exists; a
     * store failure on the way is logged and ends the body early.
     *
     * @throws IOException when writing fails
     */
    public static void write(Roster roster, String appId, String userId, OutputStream out) throws IOException {
        try (JsonGenerator json = Json.generator(out)) {
            UserExportJson writer = new UserExportJson(json);
            json.writeStartObject();
            try {
                roster.exportUser(appId, userId, writer);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, () -> "Exporting user " + userId + " of app " + appId
                        + " failed; the response was cut off", e);
                throw e;
            }
            writer.reach(PARTS.size());
            json.writeEndObject();
        }
    }

    /** A presence session as the trusted API shows it. */
    public static Map<String, Object> session(PresenceSession session) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", session.sessionId());
        json.put("userId", session.userId());
        json.put("startedAt", session.startedAt());
        json.put("expiresAt", session.expiresAt());
        return json;
    }

    @Override
    public void user(User user, UserLifecycle lifecycle) {
        field("user", UserJson.of(user, lifecycle));
    }

    /** The conversation as {@code GET …/conversations/{id}} shows it, plus {@code participation}: the user's own entry. */
    @Override
    public void conversation(UserConversation conversation) {
        Map<String, Object> json = ConversationJson.of(conversation.view());
        InboxEntry entry = conversation.entry();
        Map<String, Object> participation = new LinkedHashMap<>();
        participation.put("access", entry.access().wire());
        participation.put("notify", entry.notification().wire());
        participation.put("isUnread", conversation.isUnread());
        participation.put("unreadMessageCount", conversation.unreadMessageCount());
        participation.put("readUntil", entry.readUntil());
        json.put("participation", participation);
        item(0, json);
    }

    /**
     * The message as the trusted API shows it, without {@code readBy}: who read it is other users'
     * data, and computing it would cost a conversation read per message.
     */
    @Override
    public void message(Message message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.id());
        json.put("conversationId", message.conversationId());
        json.put("type", message.type().wire());
        json.put("senderId", message.senderId());
        json.put("text", message.text());
        json.put("custom", message.custom());
        json.put("createdAt", message.createdAt());
        json.put("editedAt", message.editedAt());
        json.put("origin", message.origin());
        json.put("referencedMessageId", message.referencedMessageId());
        json.put("attachment", null);
        json.put("location", null);
        item(1, json);
    }

    @Override
    public void presence(PresenceSession session) {
        item(2, session(session));
    }

    private void field(String name, Object value) {
        try {
            out.writeFieldName(name);
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void item(int index, Object value) {
        try {
            reach(index);
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the open array and opens the arrays up to {@code index}, empty ones included; {@code PARTS.size()} closes all. */
    private void reach(int index) throws IOException {
        while (part < index) {
            if (part >= 0) {
                out.writeEndArray();
            }
            part++;
            if (part < PARTS.size()) {
                out.writeFieldName(PARTS.get(part));
                out.writeStartArray();
            }
        }
    }
}
