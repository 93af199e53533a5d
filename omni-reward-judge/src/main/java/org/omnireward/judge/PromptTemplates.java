package org.omnireward.judge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnireward.core.InvalidInputException;

/**
 * The judge's prompt texts: resource files under {@value #RESOURCE_DIR}, each of which a file of the
 * same name in the {@code prompt-dir} folder replaces. A template has a system part and a user part,
 * introduced by the lines {@value #SYSTEM_MARK} and {@value #USER_MARK}, and named placeholders
 * {@code {{name}}}; other files are plain fragments (verdict rules, notes) inserted into templates.
 * With a layout folder (e.g. {@code authors} for {@code layout=authors}), a file is looked for as
 * {@code prompt-dir/<layout>/NAME}, {@code prompt-dir/NAME}, the built-in {@code <layout>/NAME}, then
 * the built-in {@code NAME}: a layout changes only the files where its placement differs. Files read
 * are kept, so each is read once per judge.
 */
final class PromptTemplates {

    static final String RESOURCE_DIR = "/org/omnireward/judge/prompts/";
    static final String SYSTEM_MARK = "--- system ---";
    static final String USER_MARK = "--- user ---";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    private final Path overrideDir;
    private final String layoutDir;
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    /** @param overrideDir the {@code prompt-dir} folder, or null for the built-in texts only */
    PromptTemplates(Path overrideDir) {
        this(overrideDir, null);
    }

    /**
     * @param overrideDir the {@code prompt-dir} folder, or null for the built-in texts only
     * @param layoutDir the layout's subfolder ({@code authors}), or null for the default layout
     */
    PromptTemplates(Path overrideDir, String layoutDir) {
        if (overrideDir != null && !Files.isDirectory(overrideDir)) {
            throw new InvalidInputException("model option prompt-dir names " + overrideDir + ", which is not a folder");
        }
        this.overrideDir = overrideDir;
        this.layoutDir = layoutDir;
    }

    /** Where {@code fileName} is read from, for messages. */
    String origin(String fileName) {
        for (String name : candidates(fileName)) {
            if (overrideDir != null && Files.isRegularFile(overrideDir.resolve(name))) {
                return overrideDir.resolve(name).toString();
            }
        }
        for (String name : candidates(fileName)) {
            if (PromptTemplates.class.getResource(RESOURCE_DIR + name) != null) {
                return "built-in " + name;
            }
        }
        return "built-in " + fileName;
    }

    private List<String> candidates(String fileName) {
        return layoutDir == null ? List.of(fileName) : List.of(layoutDir + "/" + fileName, fileName);
    }

    /** The text of {@code fileName}: the override when present, else the built-in resource. */
    String text(String fileName) {
        return texts.computeIfAbsent(fileName, this::load);
    }

    private String load(String fileName) {
        if (overrideDir != null) {
            for (String name : candidates(fileName)) {
                Path f = overrideDir.resolve(name);
                if (Files.isRegularFile(f)) {
                    try {
                        return normalise(Files.readString(f, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new InvalidInputException("cannot read prompt file " + f + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        for (String name : candidates(fileName)) {
            try (InputStream in = PromptTemplates.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in != null) {
                    return normalise(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new InvalidInputException("cannot read built-in prompt file " + name + ": " + e.getMessage(), e);
            }
        }
        throw new InvalidInputException("no prompt file " + fileName + " (neither built in nor in prompt-dir "
                + (overrideDir == null ? "(not set)" : overrideDir) + ")");
    }

    private static String normalise(String s) {
        String t = s.replace("\r\n", "\n");
        return t.startsWith("\uFEFF") ? t.substring(1) : t;
    }

    /**
     * The template {@code fileName}, checked: both parts present, only {@code allowed} placeholders,
     * and every one of {@code required} used somewhere.
     *
     * @throws InvalidInputException naming the file and what is wrong
     */
    Template template(String fileName, Set<String> allowed, Set<String> required) {
        String text = text(fileName);
        int s = lineIndex(text, SYSTEM_MARK);
        int u = lineIndex(text, USER_MARK);
        if (s < 0 || u < 0 || u < s) {
            throw new InvalidInputException("prompt template " + origin(fileName) + " must have a line '" + SYSTEM_MARK
                    + "' followed later by a line '" + USER_MARK + "'");
        }
        String system = text.substring(text.indexOf('\n', s) + 1, u).strip();
        int userStart = text.indexOf('\n', u);
        String user = userStart < 0 ? "" : text.substring(userStart + 1).strip();
        Template t = new Template(fileName, parse(system), parse(user));
        List<String> used = new ArrayList<>();
        for (List<Segment> part : List.of(t.system(), t.user())) {
            for (Segment seg : part) {
                if (seg instanceof Placeholder p) {
                    if (!allowed.contains(p.name())) {
                        throw new InvalidInputException(
                                "prompt template " + origin(fileName) + " uses unknown placeholder {{" + p.name()
                                        + "}}; this template may use " + placeholders(allowed));
                    }
                    used.add(p.name());
                }
            }
        }
        List<String> missing =
                required.stream().filter(r -> !used.contains(r)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("prompt template " + origin(fileName) + " does not use "
                    + placeholders(Set.copyOf(missing)) + ", which it must (it may use " + placeholders(allowed) + ")");
        }
        for (Segment seg : t.system()) {
            if (seg instanceof Placeholder p && Placeholder.MEDIA.contains(p.name())) {
                throw new InvalidInputException("prompt template " + origin(fileName) + " places {{" + p.name()
                        + "}} in the system part; media go in the user part");
            }
        }
        return t;
    }

    private static String placeholders(Set<String> names) {
        return names.stream()
                .sorted()
                .map(n -> "{{" + n + "}}")
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
    }

    private static int lineIndex(String text, String line) {
        int from = 0;
        while (true) {
            int i = text.indexOf(line, from);
            if (i < 0) {
                return -1;
            }
            boolean startOfLine = i == 0 || text.charAt(i - 1) == '\n';
            int end = i + line.length();
            boolean endOfLine = end == text.length() || text.charAt(end) == '\n';
            if (startOfLine && endOfLine) {
                return i;
            }
            from = i + 1;
        }
    }

    /** Splits a text into literal and placeholder segments. */
    static List<Segment> parse(String text) {
        List<Segment> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(new Literal(text.substring(last, m.start())));
            }
            out.add(new Placeholder(m.group(1)));
            last = m.end();
        }
        if (last < text.length()) {
            out.add(new Literal(text.substring(last)));
        }
        return List.copyOf(out);
    }

    /** A template: its file name and the segments of its two parts. */
    record Template(String name, List<Segment> system, List<Segment> user) {}

    /** A piece of a template. */
    sealed interface Segment permits Literal, Placeholder {}

    /** Text copied as it is. */
    record Literal(String text) implements Segment {}

    /** A {@code {{name}}} to fill. */
    record Placeholder(String name) implements Segment {
        /** The placeholders that may expand to media parts. */
        static final Set<String> MEDIA = Set.of("input", "response_a", "response_b", "response");
    }
}
