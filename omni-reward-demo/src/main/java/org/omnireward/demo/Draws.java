package org.omnireward.demo;

import java.util.List;
import java.util.Random;

/** Seeded draws of one value of an enum, optionally avoiding some; shared by the demo's content enums. */
final class Draws {

    private Draws() {}

    /** A uniform draw from {@code values}. */
    static <E> E any(Random rnd, E[] values) {
        return values[rnd.nextInt(values.length)];
    }

    /** A uniform draw from {@code values} other than all of {@code avoid} (redrawn until it differs). */
    @SafeVarargs
    static <E> E otherThan(Random rnd, E[] values, E... avoid) {
        List<E> avoided = List.of(avoid);
        E e;
        do {
            e = any(rnd, values);
        } while (avoided.contains(e));
        return e;
    }
}
