package dev.roster.core.internal.memory;

import dev.roster.core.domain.Delivery;
import dev.roster.core.domain.DeliveryStatus;
import dev.roster.core.domain.FeedCursor;
import dev.roster.core.domain.Webhook;
import dev.roster.core.spi.StoredWebhook;
import dev.roster.core.spi.WebhookStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The memory store's webhooks: one lock over every webhook, its queue and its deliveries. */
final class MemoryWebhooks implements WebhookStore {

    private final Map<Key, Entry> webhooks = new TreeMap<>();

    private record Key(String appId, String webhookId) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byApp = appId.compareTo(other.appId);
            return byApp != 0 ? byApp : webhookId.compareTo(other.webhookId);
        }
    }

    private static final class Entry {
        private Webhook webhook;
        private FeedCursor queuedThrough;
        private final NavigableMap<FeedCursor, Delivery> deliveries = new TreeMap<>();
        /** The pending ones among {@link #deliveries}, so that reading them costs O(what is read). */
        private final NavigableMap<FeedCursor, Delivery> pending = new TreeMap<>();
        private final Map<FeedCursor, Long> leases = new HashMap<>();

        private Entry(Webhook webhook, FeedCursor queuedThrough) {
            this.webhook = webhook;
            this.queuedThrough = queuedThrough;
        }

        private StoredWebhook stored() {
            return new StoredWebhook(webhook, queuedThrough);
        }

        private void put(Delivery delivery) {
            deliveries.put(delivery.eventId(), delivery);
            if (delivery.status() == DeliveryStatus.PENDING) {
                pending.put(delivery.eventId(), delivery);
            } else {
                pending.remove(delivery.eventId());
            }
        }
    }

    @Override
    public synchronized boolean save(Webhook webhook, FeedCursor start) {
        Entry entry = webhooks.get(new Key(webhook.appId(), webhook.id()));
        if (entry == null) {
            if (start == null) {
                throw new IllegalArgumentException("A new webhook needs the cursor its queue starts at");
            }
            webhooks.put(new Key(webhook.appId(), webhook.id()), new Entry(webhook, start));
            return true;
        }
        entry.webhook = webhook;
        if (start != null) {
            entry.queuedThrough = start;
        }
        return false;
    }

    @Override
    public synchronized Optional<StoredWebhook> find(String appId, String webhookId) {
        return Optional.ofNullable(webhooks.get(new Key(appId, webhookId))).map(Entry::stored);
    }

    @Override
    public synchronized List<StoredWebhook> list(String appId) {
        return webhooks.entrySet().stream().filter(e -> e.getKey().appId().equals(appId))
                .map(e -> e.getValue().stored()).toList();
    }

    @Override
    public synchronized List<StoredWebhook> all() {
        return webhooks.values().stream().map(Entry::stored).toList();
    }

    @Override
    public synchronized boolean delete(String appId, String webhookId) {
        return webhooks.remove(new Key(appId, webhookId)) != null;
    }

    @Override
    public synchronized void enqueue(String appId, String webhookId, List<Delivery> deliveries, FeedCursor through) {
        Entry entry = webhooks.get(new Key(appId, webhookId));
        if (entry == null) {
            return;
        }
        for (Delivery delivery : deliveries) {
            if (!entry.deliveries.containsKey(delivery.eventId())) {
                entry.put(delivery);
            }
        }
        if (through.compareTo(entry.queuedThrough) > 0) {
            entry.queuedThrough = through;
        }
    }

    @Override
    public synchronized List<Delivery> pending(String appId, String webhookId, int max) {
        Entry entry = webhooks.get(new Key(appId, webhookId));
        if (entry == null) {
            return List.of();
        }
        return entry.pending.values().stream().limit(max).toList();
    }

    @Override
    public synchronized List<FeedCursor> claim(String appId, String webhookId, List<FeedCursor> eventIds, long now,
                                               long leaseUntil) {
        Entry entry = webhooks.get(new Key(appId, webhookId));
        if (entry == null) {
            return List.of();
        }
        List<FeedCursor> claimed = new ArrayList<>();
        for (FeedCursor eventId : eventIds) {
            Delivery delivery = entry.deliveries.get(eventId);
            if (delivery != null && delivery.status() == DeliveryStatus.PENDING && delivery.nextAttemptAt() <= now
                    && entry.leases.getOrDefault(eventId, Long.MIN_VALUE) <= now) {
                entry.leases.put(eventId, leaseUntil);
                claimed.add(eventId);
            }
        }
        return claimed;
    }

    @Override
    public synchronized void update(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            Entry entry = webhooks.get(new Key(delivery.appId(), delivery.webhookId()));
            if (entry != null && entry.deliveries.containsKey(delivery.eventId())) {
                entry.put(delivery);
                entry.leases.remove(delivery.eventId());
            }
        }
    }

    @Override
    public synchronized Optional<Delivery> delivery(String appId, String webhookId, FeedCursor eventId) {
        return Optional.ofNullable(webhooks.get(new Key(appId, webhookId))).map(e -> e.deliveries.get(eventId));
    }

    @Override
    public synchronized List<Delivery> deliveries(String appId, String webhookId, FeedCursor before, int limit) {
        Entry entry = webhooks.get(new Key(appId, webhookId));
        if (entry == null) {
            return List.of();
        }
        NavigableMap<FeedCursor, Delivery> older = before == null ? entry.deliveries
                : entry.deliveries.headMap(before, false);
        return older.descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public synchronized int prune(long before, int max) {
        int removed = 0;
        for (Entry entry : webhooks.values()) {
            Iterator<Delivery> deliveries = entry.deliveries.values().iterator();
            while (deliveries.hasNext() && removed < max) {
                Delivery delivery = deliveries.next();
                if (delivery.status() != DeliveryStatus.PENDING && delivery.at() < before) {
                    deliveries.remove();
                    entry.leases.remove(delivery.eventId());
                    removed++;
                }
            }
        }
        return removed;
    }
}
