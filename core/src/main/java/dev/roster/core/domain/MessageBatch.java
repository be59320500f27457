package dev.roster.core.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The outcome of one send or import: the id each given message answers, in the order given, and
 * the messages it creates. A message whose idempotency key was used before in the conversation
 * (or earlier in the same batch) creates nothing and answers the earlier message's id.
 *
 * @param ids     one id per given message
 * @param created the new messages, possibly none
 */
public record MessageBatch(List<String> ids, List<Message> created) {

    /** The most messages one send or import may hold. */
    public static final int MAX_SIZE = 10;

    /**
     * Copies the lists.
     *
     * @param ids     one id per given message
     * @param created the new messages
     */
    public MessageBatch {
        ids = List.copyOf(ids);
        created = List.copyOf(created);
    }

    /**
     * Checks the batch as a whole: 1 to {@value #MAX_SIZE} messages, and an original timestamp on
     * each imported one.
     *
     * @param messages the messages given
     * @param imported whether they are imported (then each needs a timestamp)
     * @throws RosterException {@link ErrorCode#INVALID_ARGUMENT} naming every problem
     */
    public static void check(List<NewMessage> messages, boolean imported) {
        if (messages.isEmpty() || messages.size() > MAX_SIZE) {
            throw RosterException.invalid("Send 1 to " + MAX_SIZE + " messages; got " + messages.size() + ".",
                    Violations.of(Violations.WHOLE, "Expected 1 to " + MAX_SIZE + " messages, got " + messages.size() + "."));
        }
        Violations.Builder problems = new Violations.Builder();
        for (int i = 0; i < messages.size(); i++) {
            if (imported && messages.get(i).timestamp() == null) {
                problems.add("[" + i + "].timestamp", "An imported message needs its original timestamp.");
            }
        }
        problems.build().throwIfAny("The messages");
    }

    /**
     * The ids of the messages the batch replies to.
     *
     * @param messages the messages given
     * @return the referenced message ids, in order, without duplicates
     */
    public static Set<String> references(List<NewMessage> messages) {
        return given(messages, NewMessage::referencedMessageId);
    }

    /**
     * The idempotency keys the batch carries.
     *
     * @param messages the messages given
     * @return the keys, in order, without duplicates
     */
    public static Set<String> idempotencyKeys(List<NewMessage> messages) {
        return given(messages, NewMessage::idempotencyKey);
    }

    /**
     * What is wrong with the replies: each referenced message must be one of {@code found} (the
     * conversation's messages among {@link #references}). Keyed {@code [i].referencedMessageId}.
     *
     * @param conversationId the conversation, for the messages
     * @param messages       the messages given
     * @param found          the referenced ids that exist in the conversation
     * @return the problems, empty when every reference is found
     */
    public static Violations referenceProblems(String conversationId, List<NewMessage> messages,
                                               Collection<String> found) {
        Violations.Builder problems = new Violations.Builder();
        for (int i = 0; i < messages.size(); i++) {
            String ref = messages.get(i).referencedMessageId();
            if (ref != null && !found.contains(ref)) {
                problems.add("[" + i + "].referencedMessageId", "No message " + ref + " in conversation "
                        + conversationId + ".");
            }
        }
        return problems.build();
    }

    /**
     * The batch's outcome: each message gets a new id from {@code newIds} and its timestamp (now
     * when it has none), unless its idempotency key is in {@code usedKeys} (key to message id) or
     * earlier in the batch.
     *
     * @param conversationId the conversation
     * @param messages       the messages given, checked already
     * @param usedKeys       the idempotency keys used before in the conversation, to their message ids
     * @param now            the time of messages without a timestamp, ms
     * @param origin         where the messages come from, {@code rest} or {@code import}
     * @param newIds         gives a fresh message id per call
     * @return the outcome
     */
    public static MessageBatch of(String conversationId, List<NewMessage> messages, Map<String, String> usedKeys,
                                  long now, String origin, Supplier<String> newIds) {
        Map<String, String> keys = new HashMap<>(usedKeys);
        List<String> ids = new ArrayList<>();
        List<Message> created = new ArrayList<>();
        for (NewMessage m : messages) {
            String existing = m.idempotencyKey() == null ? null : keys.get(m.idempotencyKey());
            if (existing != null) {
                ids.add(existing);
                continue;
            }
            Message message = new Message(newIds.get(), conversationId, m.type(), m.senderId(), m.text(), m.custom(),
                    m.timestamp() == null ? now : m.timestamp(), null, origin, m.referencedMessageId(),
                    m.idempotencyKey());
            created.add(message);
            ids.add(message.id());
            if (m.idempotencyKey() != null) {
                keys.put(m.idempotencyKey(), message.id());
            }
        }
        return new MessageBatch(ids, created);
    }

    private static Set<String> given(List<NewMessage> messages, Function<NewMessage, String> field) {
        Set<String> values = new LinkedHashSet<>();
        messages.stream().map(field).filter(Objects::nonNull).forEach(values::add);
        return values;
    }
}
