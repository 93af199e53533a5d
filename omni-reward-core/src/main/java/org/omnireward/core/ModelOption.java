package org.omnireward.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One option a {@link RewardModelProvider} accepts through {@code --model-option KEY=VALUE}:
 * name, type, default and a line of help. Providers declare their options; {@link RewardModels}
 * validates every spec against them in one place (unknown names and ill-typed values are errors
 * that name the valid options), and {@code omni-reward models} prints them.
 *
 * @param name the key, e.g. {@code seed}, {@code base-url}
 * @param type how the value is parsed
 * @param defaultValue the value used when the option is not given, as the user would write it;
 *     null when there is none (the help says what happens then)
 * @param help one line for {@code omni-reward models}
 * @param choices for {@link Type#CHOICE} (and each element of a {@link Type#LIST}, when not empty):
 *     the allowed values
 */
public record ModelOption(String name, Type type, String defaultValue, String help, List<String> choices) {

    /** How an option's value is parsed. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** A number. */
        DECIMAL,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A duration: {@code 30s}, {@code 500ms}, {@code 2m}, or ISO-8601 ({@code PT30S}). */
        DURATION,
        /** One of {@link #choices()}. */
        CHOICE,
        /** A comma-separated list (of {@link #choices()} when given). */
        LIST;

        /** The name shown in help, e.g. {@code integer}. */
        public String display() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ModelOption {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an option needs a name");
        }
        Objects.requireNonNull(type, "type");
        help = help == null ? "" : help;
        choices = List.copyOf(choices == null ? List.of() : choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("option " + name + " is a choice but lists no values");
        }
    }

    /** An option without a fixed set of values. */
    public static ModelOption of(String name, Type type, String defaultValue, String help) {
        return new ModelOption(name, type, defaultValue, help, List.of());
    }

    /** An option whose value is one of {@code choices}. */
    public static ModelOption choice(String name, String defaultValue, String help, String... choices) {
        return new ModelOption(name, Type.CHOICE, defaultValue, help, List.of(choices));
    }

    /**
     * Checks {@code value} against the type.
     *
     * @throws InvalidInputException naming the model, the option, the value and what was expected
     */
    public void validate(String model, String value) {
        String v = value == null ? "" : value.trim();
        String where = "model option '" + name + "' of '" + model + "'";
        switch (type) {
            case STRING -> {}
            case INTEGER -> {
                try {
                    Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + " must be a whole number, got '" + value + "'");
                }
            }
            case DECIMAL -> {
                try {
                    double d = Double.parseDouble(v);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + " must be a number, got '" + value + "'");
                }
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw new InvalidInputException(where + " must be true or false, got '" + value + "'");
                }
            }
            case DURATION -> parseDuration(where, v);
            case CHOICE -> {
                if (!choices.contains(v)) {
                    throw new InvalidInputException(
                            where + " must be one of " + String.join(", ", choices) + "; got '" + value + "'");
                }
            }
            case LIST -> {
                if (!choices.isEmpty()) {
                    for (String item : v.split(",")) {
                        String it = item.trim();
                        if (!it.isEmpty() && !choices.contains(it)) {
                            throw new InvalidInputException(
                                    where + " lists '" + it + "'; allowed: " + String.join(", ", choices));
                        }
                    }
                }
            }
            default -> throw new IllegalStateException("unhandled option type " + type);
        }
    }

    /**
     * Parses a duration as options write it: {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, a
     * bare number of seconds, or ISO-8601 ({@code PT30S}).
     *
     * @throws InvalidInputException naming {@code what} when the text is not a non-negative duration
     */
    public static Duration parseDuration(String what, String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("pt") || v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(
                        Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofMillis(Math.round(
                        Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 60_000));
            } else if (v.endsWith("h")) {
                d = Duration.ofMillis(Math.round(
                        Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 3_600_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
            if (d.isNegative()) {
                throw new InvalidInputException(what + " must not be negative, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidInputException(what + " must be a duration such as 30s, 500ms or 2m, got '" + text + "'");
        }
    }

    /** One line for {@code omni-reward models}: {@code name=<type> (default X)  help}. */
    public String describe() {
        String kind = type == Type.CHOICE ? String.join("|", choices) : "<" + type.display() + ">";
        return name + "=" + kind + (defaultValue == null ? "" : " (default " + defaultValue + ")")
                + (help.isEmpty() ? "" : "  " + help);
    }
}
