package dev.roster.server.copy;

import dev.roster.core.domain.App;
import dev.roster.core.domain.ConversationRecord;
import dev.roster.core.domain.Ids;
import dev.roster.core.domain.Message;
import dev.roster.core.domain.User;
import dev.roster.core.domain.UserLifecycle;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.Storage;
import dev.roster.core.spi.Versioned;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Re-reads both stores side by side, each in its own key order (users and conversations by id,
 * messages newest first), and reports every item that is missing, extra or different in the target.
 */
final class Verifier {

    private static final Comparator<UserState> BY_USER_ID = Comparator.comparing(UserState::id, Ids.ORDER);
    private static final Comparator<ConversationRecord> BY_CONVERSATION_ID =
            Comparator.comparing(record -> record.conversation().id(), Ids.ORDER);
    private static final Comparator<Message> NEWEST_FIRST = Comparator.comparingLong(Message::createdAt)
            .thenComparing(Message::id, Ids.ORDER).reversed();

    private final Storage from;
    private final Storage to;

    Verifier(Storage from, Storage to) {
        this.from = from;
        this.to = to;
    }

    Verification verify(List<String> appIds) {
        Map<String, CopyCounts> sourceCounts = new LinkedHashMap<>();
        Map<String, CopyCounts> targetCounts = new LinkedHashMap<>();
        Map<String, String> sourceDigests = new LinkedHashMap<>();
        Map<String, String> targetDigests = new LinkedHashMap<>();
        List<Difference> differences = new ArrayList<>();
        for (String appId : appIds) {
            AppCheck check = new AppCheck(appId, differences);
            check.run();
            sourceCounts.put(appId, check.source.counts());
            targetCounts.put(appId, check.target.counts());
            sourceDigests.put(appId, check.source.digest());
            targetDigests.put(appId, check.target.digest());
        }
        return new Verification(sourceCounts, targetCounts, sourceDigests, targetDigests, differences);
    }

    private static Iterator<ConversationRecord> records(Storage storage, String appId) {
        return Paged.conversationIds(storage, appId).items(ids -> {
            Map<String, Versioned<ConversationRecord>> loaded = storage.conversations().load(appId, ids);
            return ids.stream().map(loaded::get).filter(Objects::nonNull).map(Versioned::value).toList();
        });
    }

    /** The comparison of one app. */
    private final class AppCheck {
        private final String appId;
        private final List<Difference> differences;
        private final Tally source = new Tally();
        private final Tally target = new Tally();

        AppCheck(String appId, List<Difference> differences) {
            this.appId = appId;
            this.differences = differences;
        }

        void run() {
            walk("app", app(from).stream().iterator(), app(to).stream().iterator(),
                    Comparator.comparing(AppState::id), AppState::id, (left, right) -> { });
            walk("user", users(from), users(to), BY_USER_ID, UserState::id, (left, right) -> { });
            walk("conversation", records(from, appId), records(to, appId), BY_CONVERSATION_ID,
                    record -> record.conversation().id(), this::compareMessages);
        }

        /** Compares the messages of a conversation that one side or both hold. */
        private Iterator<UserState> users(Storage storage) {
            return Paged.users(storage, appId).items(page -> {
                Map<String, UserLifecycle> lifecycles = storage.users().lifecycles(appId,
                        page.stream().map(User::id).toList());
                return page.stream().map(user -> new UserState(user, lifecycles.getOrDefault(user.id(),
                        UserLifecycle.NONE).lastActiveAt())).toList();
            });
        }

        private Optional<AppState> app(Storage storage) {
            return storage.apps().find(appId).map(app -> new AppState(app, storage.apps().tokensRevokedBefore(appId),
                    Copier.webhooksOf(storage, appId)));
        }

        private void compareMessages(ConversationRecord inSource, ConversationRecord inTarget) {
            String conversationId = (inSource != null ? inSource : inTarget).conversation().id();
            walk("message", messages(from, inSource), messages(to, inTarget), NEWEST_FIRST,
                    message -> conversationId + "/" + message.id(), (left, right) -> { });
        }

        private Iterator<Message> messages(Storage storage, ConversationRecord record) {
            return record == null ? List.<Message>of().iterator()
                    : Paged.messages(storage, appId, record.conversation().id()).items();
        }

        /**
         * Walks two sorted streams of items together: an item on one side only is missing or
         * extra, two with the same key must be equal; {@code then} sees each key's items (null on the
         * side that lacks it).
         */
        private <T> void walk(String kind, Iterator<T> inSource, Iterator<T> inTarget, Comparator<T> order,
                              Function<T, String> id, BiConsumer<T, T> then) {
            T left = next(inSource);
            T right = next(inTarget);
            while (left != null || right != null) {
                int side = left == null ? 1 : right == null ? -1 : order.compare(left, right);
                if (side < 0) {
                    source.saw(kind, left);
                    differences.add(new Difference(appId, kind, id.apply(left), "missing in the target"));
                    then.accept(left, null);
                    left = next(inSource);
                } else if (side > 0) {
                    target.saw(kind, right);
                    differences.add(new Difference(appId, kind, id.apply(right), "only in the target"));
                    then.accept(null, right);
                    right = next(inTarget);
                } else {
                    source.saw(kind, left);
                    target.saw(kind, right);
                    if (!left.equals(right)) {
                        differences.add(new Difference(appId, kind, id.apply(left), "differs"));
                    }
                    then.accept(left, right);
                    left = next(inSource);
                    right = next(inTarget);
                }
            }
        }
    }

    /** A user with what the store keeps beside it: the last activity. */
    private record UserState(User user, Long lastActiveAt) {
        String id() {
            return user.id();
        }
    }

    /** An app with what the store keeps beside it: the app-wide token revocation and the webhooks. */
    private record AppState(App app, Optional<Long> tokensRevokedBefore, List<Webhook> webhooks) {
        String id() {
            return app.id();
        }
    }

    private static <T> T next(Iterator<T> items) {
        return items.hasNext() ? items.next() : null;
    }
}
