package org.omnireward.data.read;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.omnireward.core.Modality;
import org.omnireward.data.read.FieldProblem.Kind;

/**
 * The one parser of LLaMA-Factory's sharegpt ranking records, used by the benchmark's LLaMA-Factory
 * layout and by the training reader: a list of turns ({@code conversations} of {@code {from,
 * value}} by default), {@code chosen} and {@code rejected} (a turn object or a plain string), and
 * the {@code images}/{@code videos}/{@code audios} path lists.
 *
 * <p>A leading system turn (or the declared {@code system} column) is the criterion; a system turn
 * elsewhere, and turns from other roles (tools, function calls), are problems. The remaining turns
 * must end with a user turn; one user turn is the prompt as it is, several become a transcript
 * ({@code User: …\n\nAssistant: …}), with {@code <image>}/{@code <video>}/{@code <audio>}
 * placeholders removed. What the caller does with the criterion, blank texts and the media (which
 * task, which root) is up to it.
 */
public final class SharegptRanking {

    private static final Pattern PLACEHOLDER = Pattern.compile("<(image|video|audio)>");

    /** Record keys of each part. {@code system} is null unless declared. */
    public record Columns(
            String messages,
            String chosen,
            String rejected,
            String system,
            String images,
            String videos,
            String audios) {

        /** LLaMA-Factory's defaults. */
        public static Columns defaults() {
            return new Columns("conversations", "chosen", "rejected", null, "images", "videos", "audios");
        }

        /** The column of a media modality's path list. */
        public String media(Modality m) {
            return switch (m) {
                case IMAGE -> images;
                case VIDEO -> videos;
                case AUDIO -> audios;
                default -> throw new IllegalArgumentException("no media column for " + m);
            };
        }
    }

    /** Message keys and role values. */
    public record Tags(String role, String content, String user, String assistant, String system) {

        /** LLaMA-Factory's defaults. */
        public static Tags defaults() {
            return new Tags("from", "value", "human", "gpt", "system");
        }
    }

    /** A role of a turn. */
    public enum Role {
        USER,
        ASSISTANT,
        SYSTEM
    }

    /** One prompt turn (system turns excluded), its text as written. */
    public record Turn(Role role, String text) {}

    /**
     * What a record holds; parts that had problems are null.
     *
     * @param criterion the system column or the leading system turn as written (may be blank), or
     *     null when there is none
     * @param turns the prompt turns, ending with a user turn
     * @param prompt the prompt text made of the turns, placeholders removed ({@link #render(List, boolean)})
     * @param media the media paths listed per modality (image, video, audio; empty lists when none)
     * @param chosen the chosen response's text (a media path for generation tasks)
     * @param rejected the rejected response's text
     */
    public record Record(
            String criterion,
            List<Turn> turns,
            String prompt,
            Map<Modality, List<String>> media,
            String chosen,
            String rejected) {}

    private SharegptRanking() {}

    /** The modalities a record may list media of, in column order. */
    public static List<Modality> mediaModalities() {
        return List.of(Modality.IMAGE, Modality.VIDEO, Modality.AUDIO);
    }

    /** Parses one record with LLaMA-Factory's default columns and tags. */
    public static Record parse(FieldReader f) {
        return parse(f, Columns.defaults(), Tags.defaults());
    }

    /** Parses one record, reporting each problem to {@code f}'s sink. */
    public static Record parse(FieldReader f, Columns cols, Tags tags) {
        String criterion = cols.system() == null ? null : systemColumn(f, cols.system());
        Conversation c = conversation(f, cols.messages(), tags);
        if (cols.system() == null && c.system() != null) {
            criterion = c.system();
        }
        List<Turn> turns = c.turns() == null ? null : promptTurns(f, cols.messages(), tags, c.turns());
        String prompt = turns == null ? null : render(turns, true);
        Map<Modality, List<String>> media = new EnumMap<>(Modality.class);
        for (Modality m : mediaModalities()) {
            media.put(m, mediaPaths(f, cols.media(m)));
        }
        String chosen = answer(f, cols.chosen(), tags);
        String rejected = answer(f, cols.rejected(), tags);
        return new Record(criterion, turns == null ? null : List.copyOf(turns), prompt, media, chosen, rejected);
    }

    /** The declared system column: the criterion, or null (a problem) when it is missing, empty or not a string. */
    private static String systemColumn(FieldReader f, String column) {
        Object v = f.raw(column);
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        f.problem(
                v == null ? Kind.MISSING : v instanceof String ? Kind.EMPTY : Kind.WRONG_TYPE,
                column,
                "the criterion (column '" + column + "') is "
                        + (v == null
                                ? "missing"
                                : v instanceof String ? "empty" : FieldReader.describe(v) + ", expected a string"));
        return null;
    }

    /**
     * The turns of a record's messages list.
     *
     * @param system the text of a leading system turn, or null
     * @param turns the other turns in order; null when the list is missing or a turn had a problem
     */
    private record Conversation(String system, List<Turn> turns) {}

    private static Conversation conversation(FieldReader f, String column, Tags tags) {
        List<?> raw = f.list(column, "a list of turns");
        if (raw == null) {
            return new Conversation(null, null);
        }
        String system = null;
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String path = column + "[" + i + "]";
            if (!(raw.get(i) instanceof Map<?, ?> m)) {
                f.problem(
                        Kind.WRONG_TYPE,
                        path,
                        "turn " + (i + 1) + " of '" + column + "' is " + FieldReader.describe(raw.get(i))
                                + " (expected an object)");
                return new Conversation(system, null);
            }
            FieldReader t = f.nested(m, path);
            String from = t.string(tags.role(), true);
            String text = t.string(tags.content(), true);
            if (from == null || text == null) {
                return new Conversation(system, null);
            }
            Role role = role(from, tags);
            if (role == null) {
                t.problem(
                        Kind.UNSUPPORTED,
                        tags.role(),
                        "turns from '" + from + "' are not supported; expected " + tags.user() + ", " + tags.assistant()
                                + " or " + tags.system());
                return new Conversation(system, null);
            }
            if (role != Role.SYSTEM) {
                turns.add(new Turn(role, text));
            } else if (i == 0) {
                system = text;
            } else {
                t.problem(Kind.INVALID, tags.role(), "a '" + tags.system() + "' turn is only allowed first");
                return new Conversation(system, null);
            }
        }
        return new Conversation(system, turns);
    }

    /** The turns when they make a prompt (at least one, ending with a user turn); else null, a problem. */
    private static List<Turn> promptTurns(FieldReader f, String column, Tags tags, List<Turn> turns) {
        if (turns.isEmpty()) {
            f.problem(
                    Kind.INVALID,
                    column,
                    "field '" + f.name(column) + "' has no '" + tags.user() + "' turn (the prompt)");
            return null;
        }
        if (turns.get(turns.size() - 1).role() != Role.USER) {
            f.problem(
                    Kind.INVALID,
                    column,
                    "the last turn of '" + f.name(column)
                            + "' is from '" + tags.assistant() + "' (expected '" + tags.user()
                            + "', the prompt the responses answer)");
            return null;
        }
        return turns;
    }

    /** The media paths a column lists (none when it is absent); an entry that is not a string is a problem. */
    private static List<String> mediaPaths(FieldReader f, String column) {
        List<?> paths = f.optionalList(column, "a list of media paths");
        List<String> out = new ArrayList<>();
        for (Object p : paths == null ? List.of() : paths) {
            if (p instanceof String s) {
                out.add(s);
            } else {
                f.problem(
                        Kind.WRONG_TYPE,
                        column,
                        "field '" + f.name(column) + "' holds " + FieldReader.describe(p) + " (expected a media path)");
            }
        }
        return List.copyOf(out);
    }

    /**
     * A role name normalised to {@code user}, {@code assistant} or {@code system} (sharegpt's
     * {@code human}/{@code gpt} and OpenAI-style names alike); other names lower-cased as they are.
     */
    public static String roleName(String raw) {
        Role r = raw == null ? null : role(raw, Tags.defaults());
        return r != null
                ? r.name().toLowerCase(Locale.ROOT)
                : raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    }

    /** The role of a turn: the declared tags, else the usual aliases (user/human, assistant/gpt/model, system). */
    static Role role(String from, Tags tags) {
        if (from.equals(tags.user())) {
            return Role.USER;
        }
        if (from.equals(tags.assistant())) {
            return Role.ASSISTANT;
        }
        if (from.equals(tags.system())) {
            return Role.SYSTEM;
        }
        return switch (from.trim().toLowerCase(Locale.ROOT)) {
            case "human", "user" -> Role.USER;
            case "gpt", "assistant", "model" -> Role.ASSISTANT;
            case "system" -> Role.SYSTEM;
            default -> null;
        };
    }

    private static String answer(FieldReader f, String column, Tags tags) {
        Object v = f.raw(column);
        if (v == null) {
            f.problem(Kind.MISSING, column, "field '" + f.name(column) + "' is missing");
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (!(v instanceof Map<?, ?> m)) {
            f.problem(
                    Kind.WRONG_TYPE,
                    column,
                    "field '" + f.name(column) + "' is " + FieldReader.describe(v) + " (expected a {" + tags.role()
                            + ", " + tags.content() + "} object or a string)");
            return null;
        }
        FieldReader a = f.nested(m, column);
        Object from = m.get(tags.role());
        if (from instanceof String s && role(s, tags) != Role.ASSISTANT) {
            a.problem(
                    Kind.INVALID,
                    tags.role(),
                    "expected an answer from " + tags.assistant() + " but found '" + s + "'");
            return null;
        }
        return a.string(tags.content(), true);
    }

    /**
     * The prompt of the turns: one turn as it is, several as a transcript, with media placeholders
     * (and the blanks they leave at the ends of a turn) removed when {@code stripPlaceholders}.
     */
    public static String render(List<Turn> turns, boolean stripPlaceholders) {
        UnaryOperator<String> text = stripPlaceholders ? SharegptRanking::stripPlaceholders : t -> t;
        if (turns.size() == 1) {
            return text.apply(turns.get(0).text());
        }
        List<String> parts = new ArrayList<>();
        for (Turn t : turns) {
            parts.add((t.role() == Role.USER ? "User: " : "Assistant: ") + text.apply(t.text()));
        }
        return String.join("\n\n", parts);
    }

    /** Removes media placeholders and the blanks they leave at the ends. */
    public static String stripPlaceholders(String s) {
        return PLACEHOLDER.matcher(s).replaceAll("").strip();
    }
}
