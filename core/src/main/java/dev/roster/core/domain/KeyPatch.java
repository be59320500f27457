package dev.roster.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A key-wise patch of a map: keys in {@code put} are set, keys in {@code remove} are removed,
 * every other key is kept. A key is never in both.
 *
 * @param put    keys to set, with their new values
 * @param remove keys to remove
 * @param <V>    the value type
 */
public record KeyPatch<V>(Map<String, V> put, Set<String> remove) {

    /**
     * Copies the keys.
     *
     * @param put    keys to set, with their new values
     * @param remove keys to remove
     * @throws IllegalArgumentException if a key is both put and removed
     */
    public KeyPatch {
        put = Map.copyOf(put);
        remove = Set.copyOf(remove);
        for (String key : remove) {
            if (put.containsKey(key)) {
                throw new IllegalArgumentException("key both set and removed: " + key);
            }
        }
    }

    /**
     * The patch that changes nothing.
     *
     * @param <V> the value type
     * @return an empty patch
     */
    public static <V> KeyPatch<V> none() {
        return new KeyPatch<>(Map.of(), Set.of());
    }

    /**
     * The map after this patch, sorted by key.
     *
     * @param current the map now; not changed
     * @return a new map
     */
    public SortedMap<String, V> applyTo(Map<String, V> current) {
        SortedMap<String, V> result = new TreeMap<>(current);
        result.keySet().removeAll(remove);
        result.putAll(put);
        return result;
    }

    /**
     * The key set after this patch, ignoring the values put.
     *
     * @param current the keys now; not changed
     * @return a new set
     */
    public SortedSet<String> applyToKeys(Set<String> current) {
        SortedSet<String> result = new TreeSet<>(current);
        result.removeAll(remove);
        result.addAll(put.keySet());
        return result;
    }

    /** {@return whether this patch names no key at all} */
    public boolean isEmpty() {
        return put.isEmpty() && remove.isEmpty();
    }

    /** A builder that keeps the last word for a key. */
    public static final class Builder<V> {
        private final Map<String, V> put = new TreeMap<>();
        private final Set<String> remove = new TreeSet<>();

        /**
         * Sets {@code key} to {@code value}, or removes it when {@code value} is null.
         *
         * @param key   the key, not null
         * @param value the new value, or null to remove the key
         * @return this builder
         */
        public Builder<V> set(String key, V value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                put.remove(key);
                remove.add(key);
            } else {
                remove.remove(key);
                put.put(key, value);
            }
            return this;
        }

        /** {@return the patch} */
        public KeyPatch<V> build() {
            return new KeyPatch<>(put, remove);
        }
    }
}
