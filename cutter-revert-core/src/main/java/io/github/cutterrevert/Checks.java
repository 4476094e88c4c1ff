package io.github.cutterrevert;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shared null and copy rules of the value records: typed errors, never NullPointerException. */
final class Checks {
    private Checks() {}

    static <T> T nonNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "a non-null value", null);
        }
        return value;
    }

    /** Soft reverts and hard deletes never target the append-only ledger. */
    static LogicalTable notLedger(LogicalTable table) {
        if (nonNull("table", table).ledger()) {
            throw new InvalidInputException("table", "a non-ledger table (the ledger is append-only)", table.name());
        }
        return table;
    }

    static long count(String field, long value) {
        if (value < 0) {
            throw new InvalidInputException(field, "a row count >= 0", Long.toString(value));
        }
        return value;
    }

    /** Checks the map and its keys and values; the caller copies it. */
    static <K, V, M extends Map<K, V>> M entries(String field, M map) {
        nonNull(field, map);
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new InvalidInputException(field, "entries without null keys or values", String.valueOf(key));
            }
        });
        return map;
    }

    static <T> List<T> listCopy(String field, List<T> list) {
        return List.copyOf(elements(field, list));
    }

    static <T> Set<T> setCopy(String field, Set<T> set) {
        return Set.copyOf(elements(field, set));
    }

    private static <C extends Collection<?>> C elements(String field, C collection) {
        nonNull(field, collection);
        for (Object element : collection) {
            if (element == null) {
                throw new InvalidInputException(field, "elements that are not null", null);
            }
        }
        return collection;
    }
}
