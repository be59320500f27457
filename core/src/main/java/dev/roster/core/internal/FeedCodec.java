package dev.roster.core.internal;

import dev.roster.core.domain.FeedData;
import dev.roster.core.domain.FeedEventType;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Encodes the events of one change-log entry as JSON text and back, so that every store keeps
 * them in one opaque text field and the feed reads exactly what the write recorded. The domain
 * values are records of strings, numbers, booleans, enums, lists, sets and maps, written component
 * by component; a component missing from stored text (one added to a record later) reads as
 * null, 0 or false.
 */
public final class FeedCodec {

    private static final Map<String, Class<? extends FeedData>> DATA_KINDS = Map.of(
            "user", FeedData.UserState.class, "conversation", FeedData.ConversationState.class,
            "participant", FeedData.ParticipantState.class, "message", FeedData.MessageState.class,
            "removed", FeedData.Removed.class);

    /** Each record class's components, looked up once: reflection would otherwise copy them on every write. */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private FeedCodec() {
    }

    /**
     * One event as a write records it; the feed adds the position, the time and the app.
     *
     * @param type           what happened
     * @param userId         the user it concerns, or null
     * @param conversationId the conversation it concerns, or null
     * @param data           the resource after the change
     */
    public record Item(FeedEventType type, String userId, String conversationId, FeedData data) {
    }

    /** {@return the items as JSON text} */
    public static String encode(List<Item> items) {
        StringBuilder out = new StringBuilder(64 * items.size() + 2).append('[');
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("t", item.type().wire());
            json.put("u", item.userId());
            json.put("c", item.conversationId());
            json.put("k", kindOf(item.data()));
            json.put("d", item.data());
            write(out.append(i == 0 ? "" : ","), json);
        }
        return out.append(']').toString();
    }

    /**
     * The items in text that {@link #encode} wrote.
     *
     * @throws IllegalStateException if the text is not such an encoding
     */
    public static List<Item> decode(String text) {
        if ("[]".equals(text)) {
            return List.of();
        }
        Object parsed = new Parser(text).document();
        if (!(parsed instanceof List<?> list)) {
            throw new IllegalStateException("A change-log entry's events are not a list");
        }
        List<Item> items = new ArrayList<>(list.size());
        for (Object element : list) {
            Map<?, ?> json = (Map<?, ?>) element;
            Class<? extends FeedData> kind = DATA_KINDS.get((String) json.get("k"));
            if (kind == null) {
                throw new IllegalStateException("Unknown feed data kind: " + json.get("k"));
            }
            items.add(new Item(FeedEventType.ofWire((String) json.get("t")), (String) json.get("u"),
                    (String) json.get("c"), (FeedData) read(json.get("d"), kind)));
        }
        return items;
    }

    private static String kindOf(FeedData data) {
        for (Map.Entry<String, Class<? extends FeedData>> kind : DATA_KINDS.entrySet()) {
            if (kind.getValue() == data.getClass()) {
                return kind.getKey();
            }
        }
        throw new IllegalArgumentException("Unknown feed data: " + data.getClass());
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Enum<?> e) {
            quote(out, e.name());
        } else if (value instanceof Record r) {
            out.append('{');
            RecordComponent[] components = COMPONENTS.get(r.getClass());
            for (int i = 0; i < components.length; i++) {
                quote(out.append(i == 0 ? "" : ","), components[i].getName());
                write(out.append(':'), component(r, components[i]));
            }
            out.append('}');
        } else if (value instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object element : c) {
                write(out.append(first ? "" : ","), element);
                first = false;
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : m.entrySet()) {
                quote(out.append(first ? "" : ","), (String) entry.getKey());
                write(out.append(':'), entry.getValue());
                first = false;
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("Cannot encode a " + value.getClass().getName() + " in a feed event");
        }
    }

    private static Object component(Record r, RecordComponent component) {
        try {
            return component.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component, e);
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object read(Object json, Type type) {
        if (json == null && type instanceof ParameterizedType) {
            return null;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> out = SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>() : new LinkedHashMap<>();
                ((Map<?, ?>) json).forEach((k, v) -> out.put((String) k, read(v, args[1])));
                return out;
            }
            Collection<Object> out = SortedSet.class.isAssignableFrom(raw) ? new TreeSet<>()
                    : Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            ((List<?>) json).forEach(v -> out.add(read(v, args[0])));
            return out;
        }
        Class<?> c = (Class<?>) type;
        if (c == long.class) {
            return json == null ? 0L : (Long) json;
        }
        if (c == int.class) {
            return json == null ? 0 : ((Long) json).intValue();
        }
        if (c == boolean.class) {
            return json != null && (Boolean) json;
        }
        if (json == null) {
            return null;
        }
        if (c == Integer.class) {
            return ((Long) json).intValue();
        }
        if (c.isEnum()) {
            return Enum.valueOf((Class) c, (String) json);
        }
        if (c.isRecord()) {
            return construct(c, (Map<?, ?>) json);
        }
        return json;
    }

    private static Object construct(Class<?> c, Map<?, ?> json) {
        RecordComponent[] components = COMPONENTS.get(c);
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = read(json.get(components[i].getName()), components[i].getGenericType());
        }
        try {
            Constructor<?> constructor = c.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot rebuild a " + c.getSimpleName() + " from a change-log entry", e);
        }
    }

    /** A JSON parser for what {@link #write} produces: objects, arrays, strings, whole numbers, booleans, null. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            if (at != text.length()) {
                throw corrupt();
            }
            return value;
        }

        private Object value() {
            if (at >= text.length()) {
                throw corrupt();
            }
            char ch = text.charAt(at);
            switch (ch) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            at++;
            if (peek() == '}') {
                at++;
                return out;
            }
            while (true) {
                String key = string();
                expect(':');
                out.put(key, value());
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return out;
                }
            }
        }

        private List<Object> array() {
            List<Object> out = new ArrayList<>();
            at++;
            if (peek() == ']') {
                at++;
                return out;
            }
            while (true) {
                out.add(value());
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return out;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char ch = text.charAt(at++);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch != '\\') {
                    out.append(ch);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text, at, at + 4, 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private Long number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (start == at) {
                throw corrupt();
            }
            return Long.parseLong(text, start, at, 10);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw corrupt();
            }
            at += word.length();
            return value;
        }

        private char peek() {
            if (at >= text.length()) {
                throw corrupt();
            }
            return text.charAt(at);
        }

        private void expect(char ch) {
            if (peek() != ch) {
                throw corrupt();
            }
            at++;
        }

        private IllegalStateException corrupt() {
            return new IllegalStateException("A change-log entry's events are corrupt at character " + at);
        }
    }
}
