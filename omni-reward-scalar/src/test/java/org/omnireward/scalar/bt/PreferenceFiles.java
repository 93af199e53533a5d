package org.omnireward.scalar.bt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.util.Json;

/**
 * Unified preference JSONL files made in code for pipeline tests: per topic a short and a long
 * answer, once under a "concise" criterion (short chosen) and once under a "detailed" one (long
 * chosen), optionally with a synthetic source so that the validation report has subsets.
 */
final class PreferenceFiles {

    static final String CONCISE = "Prefer the concise answer.";
    static final String DETAILED = "Prefer the detailed, thorough answer.";

    private PreferenceFiles() {}

    static String shortAnswer(int topic) {
        return "Topic " + topic + " is simple.";
    }

    static String longAnswer(int topic) {
        return "Topic " + topic + " has a long history, many parts and several causes and effects worth explaining "
                + "one after the other in careful detail.";
    }

    /** Two pairs per topic in {@code [from, to)}; the detailed ones carry a synthetic source when {@code syntheticDetailed}. */
    static Path write(Path file, int from, int to, boolean syntheticDetailed) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(line(
                    "concise-" + i,
                    CONCISE,
                    "Tell me about topic " + i + ".",
                    shortAnswer(i),
                    longAnswer(i),
                    false,
                    null));
            lines.add(line(
                    "detailed-" + i,
                    DETAILED,
                    "Tell me about topic " + i + ".",
                    longAnswer(i),
                    shortAnswer(i),
                    false,
                    syntheticDetailed ? "synthetic:detailed<-unified:test#" + i : null));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** One unified JSONL line; {@code tie} and {@code source} are written only when set. */
    static String line(
            String id, String criteria, String prompt, String chosen, String rejected, boolean tie, String source) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", id);
        o.put("task", "t2t");
        o.put("criteria", criteria);
        o.put("prompt", prompt);
        o.put("chosen", chosen);
        o.put("rejected", rejected);
        if (tie) {
            o.put("tie", true);
        }
        if (source != null) {
            o.put("source", source);
        }
        return o.toString();
    }
}
