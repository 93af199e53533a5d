package org.omnireward.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One option a {@link RewardModelProvider} accepts through {@code --model-option KEY=VALUE}, typed:
 * its name, type, default, bounds and a line of help, and the getter a provider reads its value
 * with. This is the one place an option's default and bounds live: {@link RewardModels} checks every
 * spec against the options its provider declares (an unknown name, an ill-typed value or a value out
 * of bounds is refused naming the model, the option, the value and what was expected), the provider
 * reads the checked value with {@link #get} or {@link #find}, and {@code omni-reward models} prints
 * {@link #describe()}.
 *
 * <pre>{@code
 * static final ModelOption<Integer> PARALLEL =
 *         ModelOption.integer("parallel", "requests in flight at once").withDefault(8).atLeast(1);
 * ...
 * int parallel = PARALLEL.get(spec); // 8 unless --model-option parallel=N (N >= 1) was given
 * }</pre>
 *
 * <p>Instances are immutable; the {@code with…}, {@link #atLeast}, {@link #atMost} and {@link
 * #between} methods return a new option.
 *
 * @param <T> the type of the value a provider reads
 */
public final class ModelOption<T> {

    /** How an option's value is written. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** A number. */
        DECIMAL,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A duration: {@code 30s}, {@code 500ms}, {@code 2m}, a number of seconds, or ISO-8601 ({@code PT30S}). */
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

    /** Reads a trimmed value; throws {@link IllegalArgumentException} with what was expected. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(String value);
    }

    private final String name;
    private final Type type;
    private final String help;
    private final List<String> choices;
    private final Reader<T> reader;
    private final Function<T, String> format;
    private final Comparator<T> order;
    private final Supplier<T> defaultValue;
    private final String defaultText;
    private final T min;
    private final boolean minExclusive;
    private final T max;

    private ModelOption(
            String name,
            Type type,
            String help,
            List<String> choices,
            Reader<T> reader,
            Function<T, String> format,
            Comparator<T> order,
            Supplier<T> defaultValue,
            String defaultText,
            T min,
            boolean minExclusive,
            T max) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an option needs a name");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.help = help == null ? "" : help;
        this.choices = List.copyOf(choices == null ? List.of() : choices);
        if (type == Type.CHOICE && this.choices.isEmpty()) {
            throw new IllegalArgumentException("option " + name + " is a choice but lists no values");
        }
        this.reader = reader;
        this.format = format;
        this.order = order;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
    }

    private static <T> ModelOption<T> plain(
            String name, Type type, String help, Reader<T> reader, Function<T, String> format, Comparator<T> order) {
        return new ModelOption<>(name, type, help, List.of(), reader, format, order, null, null, null, false, null);
    }

    // ---- the kinds of option ----

    /** Any text. */
    public static ModelOption<String> text(String name, String help) {
        return plain(name, Type.STRING, help, v -> v, v -> v, null);
    }

    /** A whole number that fits an {@code int}. */
    public static ModelOption<Integer> integer(String name, String help) {
        return ModelOption.<Integer>plain(
                name,
                Type.INTEGER,
                help,
                v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(wholeNumberOrRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                    }
                },
                String::valueOf,
                Comparator.naturalOrder());
    }

    /** A whole number that fits a {@code long} (e.g. a seed). */
    public static ModelOption<Long> longInteger(String name, String help) {
        return ModelOption.<Long>plain(
                name,
                Type.INTEGER,
                help,
                v -> {
                    try {
                        return Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(wholeNumberOrRange(v, Long.MIN_VALUE, Long.MAX_VALUE));
                    }
                },
                String::valueOf,
                Comparator.naturalOrder());
    }

    private static String wholeNumberOrRange(String v, long lo, long hi) {
        return v.matches("[+-]?\\d+")
                ? "must be a whole number between " + lo + " and " + hi
                : "must be a whole number";
    }

    /** A finite number. */
    public static ModelOption<Double> decimal(String name, String help) {
        return ModelOption.<Double>plain(
                name,
                Type.DECIMAL,
                help,
                v -> {
                    try {
                        double d = Double.parseDouble(v);
                        if (Double.isFinite(d)) {
                            return d;
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new IllegalArgumentException("must be a number");
                },
                ModelOption::number,
                Comparator.naturalOrder());
    }

    /** {@code true} or {@code false}, in any case. */
    public static ModelOption<Boolean> bool(String name, String help) {
        return ModelOption.<Boolean>plain(
                name,
                Type.BOOLEAN,
                help,
                v -> {
                    if (v.equalsIgnoreCase("true")) {
                        return true;
                    }
                    if (v.equalsIgnoreCase("false")) {
                        return false;
                    }
                    throw new IllegalArgumentException("must be true or false");
                },
                String::valueOf,
                null);
    }

    /** A duration as {@link #parseDuration} reads it ({@code 30s}, {@code 500ms}, {@code 2m}, {@code 2.5}, {@code PT30S}). */
    public static ModelOption<Duration> duration(String name, String help) {
        return ModelOption.<Duration>plain(
                name,
                Type.DURATION,
                help,
                ModelOption::readDuration,
                ModelOption::formatDuration,
                Comparator.naturalOrder());
    }

    /** One of {@code values}, as written. */
    public static ModelOption<String> choice(String name, String help, String... values) {
        List<String> allowed = List.of(values);
        return new ModelOption<>(
                name,
                Type.CHOICE,
                help,
                allowed,
                v -> {
                    if (!allowed.contains(v)) {
                        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
                    }
                    return v;
                },
                v -> v,
                null,
                null,
                null,
                null,
                false,
                null);
    }

    /**
     * A comma-separated list, its items trimmed and empty ones left out; each item one of {@code
     * values} when any are given.
     */
    public static ModelOption<List<String>> list(String name, String help, String... values) {
        List<String> allowed = List.of(values);
        return new ModelOption<>(
                name,
                Type.LIST,
                help,
                allowed,
                v -> {
                    List<String> items = Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
                    for (String item : items) {
                        if (!allowed.isEmpty() && !allowed.contains(item)) {
                            throw new IllegalArgumentException(
                                    "lists '" + item + "'; allowed: " + String.join(", ", allowed));
                        }
                    }
                    return items;
                },
                v -> String.join(",", v),
                null,
                null,
                null,
                null,
                false,
                null);
    }

    // ---- defaults and bounds ----

    /** This option with a default used when the option is not given. */
    public ModelOption<T> withDefault(T value) {
        Objects.requireNonNull(value, "value");
        return withDefault(() -> value, format.apply(value));
    }

    /**
     * This option with a default computed when it is needed (e.g. the number of cores), shown in help
     * as {@code shownAs}.
     */
    public ModelOption<T> withDefault(Supplier<T> value, String shownAs) {
        Objects.requireNonNull(value, "value");
        return new ModelOption<>(
                name, type, help, choices, reader, format, order, value, shownAs, min, minExclusive, max);
    }

    /**
     * This option without a default value of its own, with what happens when it is not given shown in
     * help (e.g. {@code $OPENAI_BASE_URL, else https://api.openai.com/v1}, {@code the server's}).
     */
    public ModelOption<T> withDefaultShownAs(String shownAs) {
        return new ModelOption<>(
                name, type, help, choices, reader, format, order, null, shownAs, min, minExclusive, max);
    }

    /** This option with values below {@code least} refused. */
    public ModelOption<T> atLeast(T least) {
        return bounded(least, false, max);
    }

    /** This option with values that are not above {@code bound} refused (e.g. a timeout above zero). */
    public ModelOption<T> above(T bound) {
        return bounded(bound, true, max);
    }

    /** This option with values above {@code most} refused. */
    public ModelOption<T> atMost(T most) {
        return bounded(min, minExclusive, most);
    }

    /** This option with values outside {@code least} to {@code most} (both allowed) refused. */
    public ModelOption<T> between(T least, T most) {
        return bounded(least, false, most);
    }

    private ModelOption<T> bounded(T lo, boolean loExclusive, T hi) {
        if (order == null) {
            throw new IllegalStateException(
                    "option " + name + " is a " + type.display() + ": it has no order to bound");
        }
        if (lo != null && hi != null && order.compare(lo, hi) > 0) {
            throw new IllegalArgumentException("option " + name + ": lower bound above the upper bound");
        }
        return new ModelOption<>(
                name, type, help, choices, reader, format, order, defaultValue, defaultText, lo, loExclusive, hi);
    }

    // ---- what a provider and the help read ----

    /** The key, e.g. {@code seed}, {@code base-url}. */
    public String name() {
        return name;
    }

    /** How the value is written. */
    public Type type() {
        return type;
    }

    /** One line for {@code omni-reward models}. */
    public String help() {
        return help;
    }

    /** The allowed values of a {@link Type#CHOICE} (and of each item of a {@link Type#LIST}, when any). */
    public List<String> choices() {
        return choices;
    }

    /** The default as help shows it, if there is one. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** The default value, computed when it is a computed one; empty when the option has none. */
    public Optional<T> defaultValue() {
        return defaultValue == null ? Optional.empty() : Optional.of(defaultValue.get());
    }

    /** Whether the option has a default value ({@link #get} never fails then). */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** The bounds as help shows them ({@code 1 to 64}, {@code at least 1}, {@code above 0s}), if any. */
    public Optional<String> boundsText() {
        if (min == null && max == null) {
            return Optional.empty();
        }
        if (min != null && max != null) {
            return Optional.of((minExclusive ? "above " + format.apply(min) + ", up to " : format.apply(min) + " to ")
                    + format.apply(max));
        }
        if (min != null) {
            return Optional.of((minExclusive ? "above " : "at least ") + format.apply(min));
        }
        return Optional.of("at most " + format.apply(max));
    }

    /**
     * Reads {@code value} as this option's type and checks it against the bounds.
     *
     * @param model the model spec, for the message
     * @throws InvalidInputException naming the model, the option, the value and what was expected
     */
    public T parse(String model, String value) {
        String v = value == null ? "" : value.trim();
        String where = "model option '" + name + "' of '" + model + "'";
        T t;
        try {
            t = reader.read(v);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("lists ")) {
                throw new InvalidInputException(where + " " + m);
            }
            throw new InvalidInputException(where + " " + m + ", got '" + value + "'");
        }
        boolean low = min != null && (minExclusive ? order.compare(t, min) <= 0 : order.compare(t, min) < 0);
        boolean high = max != null && order.compare(t, max) > 0;
        if (low || high) {
            throw new InvalidInputException(where + " must be " + boundsPhrase() + ", got '" + value + "'");
        }
        return t;
    }

    private String boundsPhrase() {
        if (min != null && max != null && !minExclusive) {
            return "between " + format.apply(min) + " and " + format.apply(max);
        }
        String lo = min == null ? null : (minExclusive ? "more than " : "at least ") + format.apply(min);
        String hi = max == null ? null : "at most " + format.apply(max);
        return lo == null ? hi : hi == null ? lo : lo + " and " + hi;
    }

    /**
     * Checks {@code value} against the type and the bounds.
     *
     * @throws InvalidInputException naming the model, the option, the value and what was expected
     */
    public void validate(String model, String value) {
        parse(model, value);
    }

    /**
     * The value {@code spec} gives this option, else its default.
     *
     * @throws InvalidInputException when the given value is ill-typed or out of bounds (never after
     *     {@link RewardModels} checked the spec)
     * @throws IllegalStateException when the option is not given and has no default: read such options
     *     with {@link #find}
     */
    public T get(ModelSpec spec) {
        return find(spec)
                .orElseThrow(
                        () -> new IllegalStateException("option " + name + " has no default; read it with find(spec)"));
    }

    /** The value {@code spec} gives this option, else its default, else empty. */
    public Optional<T> find(ModelSpec spec) {
        Optional<T> given = given(spec);
        if (given.isPresent()) {
            return given;
        }
        return defaultValue == null ? Optional.empty() : Optional.of(defaultValue.get());
    }

    /** The value {@code spec} gives this option, or empty when it does not give one (the default is not consulted). */
    public Optional<T> given(ModelSpec spec) {
        return spec.option(name).map(v -> parse(spec.toString(), v));
    }

    /**
     * One line for {@code omni-reward models}: {@code name=<type> (default X; 1 to 64)  help}, or the
     * choices in place of the type.
     */
    public String describe() {
        String kind = type == Type.CHOICE ? String.join("|", choices) : "<" + type.display() + ">";
        StringBuilder notes = new StringBuilder();
        if (defaultText != null) {
            notes.append("default ").append(defaultText);
        }
        boundsText().ifPresent(b -> notes.append(notes.length() > 0 ? "; " : "").append(b));
        if (type == Type.LIST && !choices.isEmpty()) {
            notes.append(notes.length() > 0 ? "; " : "").append("of ").append(String.join(",", choices));
        }
        return name + "=" + kind + (notes.length() == 0 ? "" : " (" + notes + ")")
                + (help.isEmpty() ? "" : "  " + help);
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---- durations ----

    private static Duration readDuration(String v) {
        try {
            return parseDuration("", v);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(
                    e.getMessage().contains("negative")
                            ? "must not be negative"
                            : "must be a duration such as 30s, 500ms or 2m");
        }
    }

    /**
     * Parses a duration as options write it: {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, a
     * bare number of seconds ({@code 2.5}), or ISO-8601 ({@code PT30S}).
     *
     * @throws InvalidInputException naming {@code what} when the text is not a non-negative duration
     */
    public static Duration parseDuration(String what, String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                d = millis(v.substring(0, v.length() - 1), 1000);
            } else if (v.endsWith("m")) {
                d = millis(v.substring(0, v.length() - 1), 60_000);
            } else if (v.endsWith("h")) {
                d = millis(v.substring(0, v.length() - 1), 3_600_000);
            } else {
                d = millis(v, 1000);
            }
            if (d.isNegative()) {
                throw new InvalidInputException(what + " must not be negative, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new InvalidInputException(what + " must be a duration such as 30s, 500ms or 2m, got '" + text + "'");
        }
    }

    private static Duration millis(String number, long factor) {
        BigDecimal n = new BigDecimal(number.trim());
        return Duration.ofMillis(n.multiply(BigDecimal.valueOf(factor))
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact());
    }

    /** {@code 120s}, {@code 500ms}, {@code 0s}: whole seconds when exact, else milliseconds. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
