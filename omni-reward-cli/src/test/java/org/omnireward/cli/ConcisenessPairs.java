package org.omnireward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Criterion-conditioned training data in the unified preference JSONL (docs/preference-format.md),
 * made in code: for every topic a one-sentence answer and a six-sentence answer to "Tell me about
 * TOPIC.", once under a "be concise" criterion (the short answer chosen) and once under a "be
 * detailed" criterion (the long one chosen). Only the criterion tells which way a pair goes, so a
 * model that reaches high accuracy on unseen topics has learnt to read it.
 */
final class ConcisenessPairs {

    static final String CONCISE = "Prefer the concise answer.";
    static final String DETAILED = "Prefer the detailed, thorough answer.";
    static final List<String> CONCISE_PARAPHRASES =
            List.of(CONCISE, "Prefer a short, to-the-point answer.", "Brevity matters: prefer the briefer response.");
    static final List<String> DETAILED_PARAPHRASES = List.of(
            DETAILED, "Prefer the more comprehensive, in-depth answer.", "Prefer an answer that explains at length.");

    /** 60 topics: 0-39 for training, 40-49 for validation, 50-59 for benchmarks and scoring. */
    static final List<String> TOPICS = List.of(
            "photosynthesis",
            "volcanoes",
            "the water cycle",
            "black holes",
            "vaccines",
            "the printing press",
            "plate tectonics",
            "compound interest",
            "the immune system",
            "solar panels",
            "bread baking",
            "the French Revolution",
            "machine learning",
            "honey bees",
            "tides",
            "electric cars",
            "the stock market",
            "coral reefs",
            "jazz music",
            "the Roman Empire",
            "earthquakes",
            "recycling",
            "the human heart",
            "rainbows",
            "glaciers",
            "the internet",
            "chess openings",
            "coffee roasting",
            "hurricanes",
            "the moon landing",
            "DNA",
            "wind turbines",
            "inflation",
            "sleep",
            "antibiotics",
            "the Great Wall",
            "composting",
            "rockets",
            "penguins",
            "the olympics",
            "magnets",
            "deserts",
            "bicycles",
            "volcanic soil",
            "sourdough",
            "satellites",
            "lightning",
            "rainforests",
            "tea ceremonies",
            "submarines",
            "the Renaissance",
            "fungi",
            "nuclear power",
            "origami",
            "whales",
            "bridges",
            "the metric system",
            "tsunamis",
            "fermentation",
            "kites");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConcisenessPairs() {}

    static String prompt(String topic) {
        return "Tell me about " + topic + ".";
    }

    static String shortAnswer(String topic) {
        return capitalised(topic) + " is a well-known subject.";
    }

    static String longAnswer(String topic) {
        return String.join(
                " ",
                capitalised(topic) + " is a well-known subject with a long history and many aspects worth explaining.",
                "To understand " + topic
                        + ", it helps to start with the basic ideas and then look at how they fit together.",
                "Experts who study " + topic
                        + " usually describe several stages, causes and effects, each with its own details.",
                "There are also common misconceptions about " + topic
                        + ", and clearing them up makes the picture clearer.",
                "Finally, " + topic
                        + " connects to everyday life in ways that are easy to overlook but important to notice.",
                "In short, a careful look at " + topic
                        + " rewards the reader with a richer and more accurate understanding.");
    }

    /**
     * Writes two pairs per topic in {@code [from, to)} (concise: short chosen; detailed: long chosen),
     * cycling through the first {@code paraphrases} wordings of each criterion.
     */
    static Path write(Path file, int from, int to, int paraphrases) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String topic = TOPICS.get(i);
            int k = (i - from) % paraphrases;
            lines.add(pair("concise-" + i, CONCISE_PARAPHRASES.get(k), topic, shortAnswer(topic), longAnswer(topic)));
            lines.add(pair("detailed-" + i, DETAILED_PARAPHRASES.get(k), topic, longAnswer(topic), shortAnswer(topic)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** A unified JSONL line; {@code tie} is written only when true. */
    static String pair(String id, String criteria, String topic, String chosen, String rejected) {
        return line(id, criteria, prompt(topic), chosen, rejected, false);
    }

    static String line(String id, String criteria, String prompt, String chosen, String rejected, boolean tie) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("task", "t2t");
        o.put("criteria", criteria);
        o.put("prompt", prompt);
        o.put("chosen", chosen);
        o.put("rejected", rejected);
        if (tie) {
            o.put("tie", true);
        }
        return o.toString();
    }

    /**
     * A benchmark record in the official JSON layout for topic {@code i}: under the concise criterion
     * when {@code concise}, with the preferred answer as response1 or response2 by {@code preferredFirst}.
     */
    static Map<String, Object> benchmarkRecord(int i, boolean concise, boolean preferredFirst) {
        String topic = TOPICS.get(i);
        String preferred = concise ? shortAnswer(topic) : longAnswer(topic);
        String other = concise ? longAnswer(topic) : shortAnswer(topic);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", (concise ? "concise-" : "detailed-") + i);
        m.put("prompt", prompt(topic));
        m.put("criteria", concise ? CONCISE : DETAILED);
        m.put("criteria_preference", preferredFirst ? "response1" : "response2");
        m.put("response1", preferredFirst ? preferred : other);
        m.put("response2", preferredFirst ? other : preferred);
        m.put("model1", "m1");
        m.put("model2", "m2");
        return m;
    }

    private static String capitalised(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
