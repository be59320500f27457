package dev.roster.mongo;

import com.mongodb.client.model.Filters;
import dev.roster.core.domain.Comparison;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The MongoDB form of the filter nodes the conversation and the user filter share. Custom
 * properties are stored as an array of {@code {k, v}} pairs, so keys and values are only ever
 * compared with the fixed fields {@code k} and {@code v}, never used as field names.
 */
final class FilterNodes {

    private FilterNodes() {
    }

    /** {@code field} is (or, negated, is not) one of {@code values}. */
    static Bson in(String field, Collection<String> values, boolean negated) {
        List<String> list = new ArrayList<>(values);
        return negated ? Filters.nin(field, list) : Filters.in(field, list);
    }

    /** The custom property {@code key} in the pairs at {@code field} is (not) one of {@code values}. */
    static Bson customIn(String field, String key, Collection<String> values, boolean negated) {
        Bson has = Filters.elemMatch(field, Filters.and(Filters.eq("k", key), Filters.in("v", new ArrayList<>(values))));
        return negated ? Filters.nor(has) : has;
    }

    /** The custom property {@code key} in the pairs at {@code field} exists (or not). */
    static Bson customExists(String field, String key, boolean exists) {
        Bson has = Filters.elemMatch(field, Filters.eq("k", key));
        return exists ? has : Filters.nor(has);
    }

    /** The time at {@code field} compares with {@code value} as {@code op} says. */
    static Bson compare(String field, Comparison op, long value) {
        return switch (op) {
            case GT -> Filters.gt(field, value);
            case LT -> Filters.lt(field, value);
            case GE -> Filters.gte(field, value);
            case LE -> Filters.lte(field, value);
        };
    }

    /** The time at {@code field} lies in {@code [from, until)}. */
    static Bson between(String field, long from, long until) {
        return Filters.and(Filters.gte(field, from), Filters.lt(field, until));
    }
}
