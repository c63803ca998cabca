package dev.stackd.api.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable, key-sorted copies for the records of the model. */
public final class Maps {
    private Maps() {}

    public static <V> SortedMap<String, V> sorted(Map<String, V> in) {
        if (in == null || in.isEmpty()) return Collections.emptySortedMap();
        return Collections.unmodifiableSortedMap(new TreeMap<>(in));
    }

    public static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }
}
