package org.omnireward.data.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.omnireward.core.util.Json;

/**
 * The rules the trainers' own loaders apply to an exported file, restated so that tests can check every
 * row (the consumers' code itself is run by scripts/consumer-check/check_exports.py):
 * <ul>
 * <li>Arrow (Hugging Face {@code datasets}, under all three): every row has every column, and a column
 * keeps one type in every row (a string here and a list there cannot be loaded).</li>
 * <li>LLaMA-Factory ({@code converter.py}, {@code processor/pairwise.py}, {@code mm_plugin.py}): turns
 * alternate human/gpt from a human turn, an odd number of them; per side, the placeholders in the turns
 * and that side's answer match the media the processor gives that side in number — the whole list
 * upstream, the fork's split ({@code [0]}/{@code [1]} of a two-file list, halves of a longer one with equal
 * answers) in OmniReward-Factory; registered media columns are never null.</li>
 * <li>TRL ({@code data_utils.prepare_multimodal_messages}, the DPO vision collator): in a file with
 * {@code images}, every content is a list of parts and the prompt's image parts match the images in
 * number; elsewhere contents are strings and there is no {@code images} column.</li>
 * <li>EasyR1 ({@code verl/utils/dataset.py}): the media column exists only in files whose rows all have
 * media, is never null, and holds as many files as the problem has placeholders of its kind; no audio.</li>
 * </ul>
 * Every referenced media file must exist under the export folder.
 */
public final class ConsumerRules {

    private ConsumerRules() {}

    /** The violations in a LLaMA-Factory export of {@code flavor}. */
    public static List<String> llamaFactory(Path out, LlamaFactoryFlavor flavor) {
        List<String> v = new ArrayList<>();
        JsonNode info = Json.readTree(out.resolve(DataExport.DATASET_INFO));
        for (Iterator<Map.Entry<String, JsonNode>> it = info.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode entry = e.getValue();
            Path file = out.resolve(entry.path("file_name").asText());
            if (!entry.path("ranking").asBoolean()
                    || !entry.path("formatting").asText().equals("sharegpt")) {
                v.add(name + ": not registered as sharegpt ranking data");
            }
            List<JsonNode> rows = rows(file, v);
            if (rows.isEmpty()) {
                v.add(name + ": registered file " + file.getFileName() + " holds no rows");
                continue;
            }
            arrow(name, rows, v);
            JsonNode cols = entry.path("columns");
            List<String> media = new ArrayList<>();
            for (String c : List.of("images", "videos", "audios")) {
                if (cols.has(c)) {
                    media.add(c);
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                String where = name + " row " + i;
                JsonNode row = rows.get(i);
                for (String c : List.of("images", "videos", "audios")) {
                    if (!media.contains(c) && row.has(c)) {
                        v.add(where + ": unregistered column '" + c + "'");
                    }
                    if (media.contains(c)
                            && (!row.path(c).isArray() || row.path(c).isEmpty())) {
                        v.add(where + ": registered column '" + c + "' is "
                                + (row.has(c) ? "empty or null" : "absent"));
                    }
                }
                JsonNode conv = row.path("conversations");
                if (!conv.isArray() || conv.size() % 2 != 1) {
                    v.add(where + ": conversations must be an odd number of turns");
                    continue;
                }
                for (int t = 0; t < conv.size(); t++) {
                    String expected = t % 2 == 0 ? "human" : "gpt";
                    if (!conv.get(t).path("from").asText().equals(expected)) {
                        v.add(where + ": turn " + t + " is from '"
                                + conv.get(t).path("from").asText() + "', expected '" + expected + "'");
                    }
                }
                for (String side : List.of("chosen", "rejected")) {
                    if (!row.path(side).path("from").asText().equals("gpt")
                            || !row.path(side).path("value").isTextual()) {
                        v.add(where + ": " + side + " must be a gpt turn");
                    }
                }
                Map<String, List<String>> lists = new LinkedHashMap<>();
                for (String c : List.of("images", "videos", "audios")) {
                    lists.put(c, strings(row.path(c)));
                    lists.get(c).forEach(p -> requireFile(out, p, where, v));
                }
                List<Map<String, List<String>>> sides = flavor == LlamaFactoryFlavor.UPSTREAM
                        ? List.of(lists, lists)
                        : forkSides(lists, row.path("chosen").equals(row.path("rejected")));
                for (int s = 0; s < 2; s++) {
                    String side = s == 0 ? "chosen" : "rejected";
                    StringBuilder text = new StringBuilder();
                    conv.forEach(t -> text.append(t.path("value").asText()).append('\n'));
                    text.append(row.path(side).path("value").asText());
                    for (String c : List.of("images", "videos", "audios")) {
                        int placeholders = count(text.toString(), "<" + c.substring(0, c.length() - 1) + ">");
                        int given = sides.get(s).get(c).size();
                        if (placeholders != given) {
                            v.add(where + " (" + side + "): " + placeholders + " <" + c.substring(0, c.length() - 1)
                                    + "> placeholders but the processor gives this side " + given + " " + c);
                        }
                    }
                }
            }
        }
        return v;
    }

    /** The media OmniReward-Factory's pairwise processor gives each side. */
    private static List<Map<String, List<String>>> forkSides(Map<String, List<String>> l, boolean equalAnswers) {
        List<String> im = l.get("images");
        List<String> vi = l.get("videos");
        List<String> au = l.get("audios");
        if (im.size() == 2 || vi.size() == 2 || au.size() == 2) {
            if (!im.isEmpty() && !vi.isEmpty()) {
                return List.of(
                        Map.of("images", List.of(im.get(0)), "videos", List.of(vi.get(0)), "audios", au),
                        Map.of("images", List.of(im.get(1)), "videos", List.of(vi.get(1)), "audios", au));
            }
            if (!im.isEmpty()) {
                return im.size() > 2
                        ? halves(l, "images")
                        : List.of(with(l, "images", List.of(im.get(0))), with(l, "images", List.of(im.get(1))));
            }
            String c = !vi.isEmpty() ? "videos" : "audios";
            return List.of(
                    with(l, c, List.of(l.get(c).get(0))),
                    with(l, c, List.of(l.get(c).get(1))));
        }
        if (im.size() > 2 && equalAnswers) {
            return halves(l, "images");
        }
        return List.of(l, l);
    }

    private static List<Map<String, List<String>>> halves(Map<String, List<String>> l, String c) {
        List<String> all = l.get(c);
        return List.of(with(l, c, all.subList(0, all.size() / 2)), with(l, c, all.subList(all.size() / 2, all.size())));
    }

    private static Map<String, List<String>> with(Map<String, List<String>> l, String c, List<String> value) {
        Map<String, List<String>> m = new LinkedHashMap<>(l);
        m.put(c, value);
        return m;
    }

    /** The violations in a TRL export. */
    public static List<String> trl(Path out) {
        List<String> v = new ArrayList<>();
        for (Path file : dataFiles(out)) {
            String name = file.getFileName().toString();
            List<JsonNode> rows = rows(file, v);
            if (rows.isEmpty()) {
                v.add(name + ": no rows");
                continue;
            }
            arrow(name, rows, v);
            boolean vision = rows.get(0).has("images");
            for (int i = 0; i < rows.size(); i++) {
                String where = name + " row " + i;
                JsonNode row = rows.get(i);
                for (Iterator<String> k = row.fieldNames(); k.hasNext(); ) {
                    String key = k.next();
                    if (!Set.of("prompt", "chosen", "rejected", "images").contains(key)) {
                        v.add(where + ": unexpected column '" + key + "'");
                    }
                }
                int imageParts = 0;
                JsonNode prompt = row.path("prompt");
                String previous = null;
                for (int m = 0; m < prompt.size(); m++) {
                    JsonNode msg = prompt.get(m);
                    String role = msg.path("role").asText();
                    if (role.equals("system")
                            ? m != 0
                            : role.equals(previous)
                                    || !Set.of("user", "assistant").contains(role)) {
                        v.add(where + ": prompt message " + m + " has role '" + role + "' after '" + previous + "'");
                    }
                    previous = role.equals("system") ? null : role;
                    int parts = content(msg.path("content"), vision, where + " prompt " + m, v);
                    if (parts > 0 && !role.equals("user")) {
                        v.add(where + ": image parts in a " + role + " message");
                    }
                    imageParts += parts;
                }
                if (!"user".equals(previous)) {
                    v.add(where + ": the prompt must end with a user message");
                }
                for (String side : List.of("chosen", "rejected")) {
                    JsonNode s = row.path(side);
                    if (s.size() != 1 || !s.get(0).path("role").asText().equals("assistant")) {
                        v.add(where + ": " + side + " must be one assistant message");
                    } else if (content(s.get(0).path("content"), vision, where + " " + side, v) > 0) {
                        v.add(where + ": image parts in " + side);
                    }
                }
                if (vision) {
                    List<String> images = strings(row.path("images"));
                    images.forEach(p -> requireFile(out, p, where, v));
                    if (imageParts != images.size()) {
                        v.add(where + ": " + imageParts + " image parts for " + images.size() + " images");
                    }
                } else if (row.has("images")) {
                    v.add(where + ": an images column in a text file");
                }
            }
        }
        return v;
    }

    /** Checks a message content's shape; returns its image parts. */
    private static int content(JsonNode c, boolean vision, String where, List<String> v) {
        if (!vision) {
            if (!c.isTextual()) {
                v.add(where + ": a text row's content must be a string");
            }
            return 0;
        }
        if (!c.isArray() || c.isEmpty()) {
            v.add(where + ": an image row's content must be a list of parts");
            return 0;
        }
        int images = 0;
        for (JsonNode part : c) {
            String type = part.path("type").asText();
            if (type.equals("image")) {
                images++;
            } else if (!type.equals("text") || !part.path("text").isTextual()) {
                v.add(where + ": part " + part + " is neither {type: image} nor {type: text, text}");
            }
        }
        return images;
    }

    /** The violations in an EasyR1 export. */
    public static List<String> easyR1(Path out) {
        List<String> v = new ArrayList<>();
        for (Path file : dataFiles(out)) {
            String name = file.getFileName().toString();
            List<JsonNode> rows = rows(file, v);
            if (rows.isEmpty()) {
                v.add(name + ": no rows");
                continue;
            }
            arrow(name, rows, v);
            String column = rows.get(0).has("images") ? "images" : rows.get(0).has("videos") ? "videos" : null;
            for (int i = 0; i < rows.size(); i++) {
                String where = name + " row " + i;
                JsonNode row = rows.get(i);
                String problem = row.path("problem").asText();
                if (!row.path("problem").isTextual() || problem.isBlank()) {
                    v.add(where + ": no problem text");
                }
                if (!Set.of("A", "B", "C").contains(row.path("answer").asText())) {
                    v.add(where + ": answer '" + row.path("answer").asText() + "' is not A, B or C");
                }
                if (problem.contains("<audio>")) {
                    v.add(where + ": a literal <audio> reaches the model; EasyR1 reads no audio");
                }
                if (column == null) {
                    if (row.has("images") || row.has("videos")) {
                        v.add(where + ": a media column in a text file");
                    }
                    continue;
                }
                if (row.has(column.equals("images") ? "videos" : "images")) {
                    v.add(where + ": both images and videos (EasyR1 reads only one)");
                }
                List<String> media = strings(row.path(column));
                if (!row.path(column).isArray() || media.isEmpty()) {
                    v.add(where + ": '" + column + "' is null or empty");
                }
                media.forEach(p -> requireFile(out, p, where, v));
                int placeholders = count(problem, column.equals("images") ? "<image>" : "<video>");
                if (placeholders != media.size()) {
                    v.add(where + ": " + placeholders + " placeholders for " + media.size() + " " + column);
                }
            }
        }
        return v;
    }

    // ---- helpers ----

    private static List<Path> dataFiles(Path out) {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")
                            && !p.getFileName().toString().endsWith("skipped.jsonl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> rows(Path file, List<String> v) {
        try {
            if (file.getFileName().toString().endsWith(".json")) {
                JsonNode a = Json.mapper().readTree(file.toFile());
                if (!a.isArray()) {
                    v.add(file.getFileName() + ": not a JSON array");
                    return List.of();
                }
                List<JsonNode> rows = new ArrayList<>();
                a.forEach(rows::add);
                return rows;
            }
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(Json.mapper().readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            v.add(file.getFileName() + ": cannot be read: " + e.getMessage());
            return List.of();
        }
    }

    /** Arrow's rules: one set of columns for all rows, one type per column (null and struct fields unify). */
    private static void arrow(String name, List<JsonNode> rows, List<String> v) {
        Map<String, Object> types = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            for (Iterator<Map.Entry<String, JsonNode>> it = rows.get(i).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    types.put(e.getKey(), unify(types.get(e.getKey()), type(e.getValue())));
                } catch (IllegalStateException conflict) {
                    v.add(name + " row " + i + ": column '" + e.getKey() + "': " + conflict.getMessage()
                            + " (Arrow cannot build the column)");
                }
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            for (String c : types.keySet()) {
                if (!rows.get(i).has(c) || rows.get(i).get(c).isNull()) {
                    v.add(name + " row " + i + ": column '" + c + "' is missing (Arrow fills it with null)");
                }
            }
        }
    }

    /** A value's type: null, a primitive name, a {@code List} of one item type, or a {@code Map} of field types. */
    private static Object type(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isArray()) {
            Object item = null;
            for (JsonNode x : n) {
                item = unify(item, type(x));
            }
            return java.util.Collections.singletonList(item);
        }
        Map<String, Object> fields = new java.util.TreeMap<>();
        n.fields().forEachRemaining(e -> fields.put(e.getKey(), type(e.getValue())));
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Object unify(Object a, Object b) {
        if (a == null) {
            return b;
        }
        if (b == null || a.equals(b)) {
            return a;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            return java.util.Collections.singletonList(unify(la.get(0), lb.get(0)));
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Map<String, Object> out = new java.util.TreeMap<>((Map<String, Object>) ma);
            ((Map<String, Object>) mb).forEach((k, t) -> out.put(k, unify(out.get(k), t)));
            return out;
        }
        throw new IllegalStateException(describe(a) + " in one row, " + describe(b) + " in another");
    }

    private static String describe(Object t) {
        return t instanceof List<?> ? "a list" : t instanceof Map<?, ?> ? "an object" : String.valueOf(t);
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static void requireFile(Path out, String rel, String where, List<String> v) {
        if (!Files.isRegularFile(out.resolve(rel))) {
            v.add(where + ": media file " + rel + " does not exist under " + out);
        }
    }

    private static int count(String text, String token) {
        int n = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }
}
