package org.omnireward.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.omnireward.core.PreferencePair;

/** Builders of small preference files for tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static ObjectNode obj(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        return o;
    }

    static ArrayNode arr(Object... items) {
        ArrayNode a = JSON.createArrayNode();
        for (Object o : items) {
            a.add(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(o));
        }
        return a;
    }

    /** Writes the objects as one JSON array. */
    static Path jsonArray(Path file, Object... records) {
        return write(file, arr(records).toPrettyString());
    }

    /** Writes one line per item: objects as JSON, strings as they are (for malformed lines). */
    static Path jsonLines(Path file, Object... lines) {
        return write(
                file,
                java.util.Arrays.stream(lines)
                                .map(l -> l instanceof String s
                                        ? s
                                        : JSON.valueToTree(l).toString())
                                .collect(Collectors.joining("\n"))
                        + "\n");
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode alpaca(String instruction, String out1, String out2, Object preference) {
        ObjectNode o = obj(
                "instruction",
                instruction,
                "output_1",
                out1,
                "output_2",
                out2,
                "generator_1",
                "base",
                "generator_2",
                "model",
                "annotator",
                "judge",
                "dataset",
                "test-fixture");
        o.set("preference", JSON.valueToTree(preference));
        return o;
    }

    static PreferencePair text(String id, String prompt, String chosen, String rejected) {
        return PreferencePair.text(
                id, Groups.ofPrompt(prompt), Criteria.GENERAL, prompt, chosen, rejected, "fixture:" + id);
    }

    static List<String> ids(List<PreferencePair> pairs) {
        return pairs.stream().map(PreferencePair::id).toList();
    }

    /** An XSTest completion CSV: header plus rows {id, type, prompt, completion, final_label}. */
    static String xstestCsv(String[]... rows) {
        StringBuilder sb =
                new StringBuilder("id,type,prompt,completion,annotation_1,annotation_2,agreement,final_label\r\n");
        for (String[] r : rows) {
            sb.append(csv(r[0]))
                    .append(',')
                    .append(csv(r[1]))
                    .append(',')
                    .append(csv(r[2]))
                    .append(',')
                    .append(csv(r[3]))
                    .append(",x,x,TRUE,")
                    .append(csv(r[4]))
                    .append("\r\n");
        }
        return sb.toString();
    }

    static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
