package org.omnireward.core;

import java.util.Locale;
import java.util.Optional;

/** Which of two responses is better under a criterion: {@code response1}, {@code response2} or a tie. */
public enum Preference {
    RESPONSE1("response1"),
    RESPONSE2("response2"),
    TIE("tie");

    private final String wireName;

    Preference(String wireName) {
        this.wireName = wireName;
    }

    /** The string used in benchmark and result files. */
    public String wireName() {
        return wireName;
    }

    /** The same judgement with response1 and response2 exchanged. */
    public Preference swapped() {
        return switch (this) {
            case RESPONSE1 -> RESPONSE2;
            case RESPONSE2 -> RESPONSE1;
            case TIE -> TIE;
        };
    }

    /**
     * Parses {@code response1}, {@code response2} or {@code tie} (case-insensitive, surrounding
     * blanks ignored).
     *
     * @throws InvalidInputException for anything else
     */
    public static Preference parse(String value) {
        return lookup(value)
                .orElseThrow(() -> new InvalidInputException(
                        "invalid preference '" + value + "'; expected response1, response2 or tie"));
    }

    /** Like {@link #parse(String)} but empty instead of throwing. */
    public static Optional<Preference> lookup(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Preference p : values()) {
            if (p.wireName.equals(v)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
