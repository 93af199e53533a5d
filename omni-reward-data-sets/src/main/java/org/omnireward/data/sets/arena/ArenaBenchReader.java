package org.omnireward.data.sets.arena;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.data.Groups;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.read.RatedPairs;

/**
 * Reads an arena-hard-auto style folder ({@code question.jsonl}; {@code model_answer/<model>.jsonl}
 * with {@code question_id} and {@code choices[0].turns[0]}; {@code model_judgment/<model>.jsonl}
 * with {@code question_id} and {@code score}, "1" … "10" or "1.0" … "10.0", a grade against a reference answer) and
 * makes a pair of every two graded answers to one question whose scores differ by at least
 * {@code minGap}; the better-graded answer is chosen. Criterion {@link #CRITERION}; group by
 * question. Judgments without an answer, or with a score that is not 1 … 10, are skipped with the reason.
 */
public final class ArenaBenchReader implements PreferenceSource {

    /** The default least score gap of a pair. */
    public static final int DEFAULT_MIN_GAP = 3;
    /** The criterion of these pairs: graded against reference answers, correctness counts. */
    public static final String CRITERION = "Prefer the response that answers the question correctly and completely.";

    private final Path folder;
    private final int minGap;

    /** A reader of {@code folder} making pairs of answers whose scores differ by {@code minGap} or more. */
    public ArenaBenchReader(Path folder, int minGap) {
        if (minGap < 1) {
            throw new InvalidInputException("the least score gap must be at least 1, got " + minGap);
        }
        this.folder = folder;
        this.minGap = minGap;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.ARENA_BENCH;
    }

    @Override
    public String description() {
        return "arena-bench folder " + folder;
    }

    @Override
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(folder.resolve("question.jsonl"));
        files.addAll(list(folder.resolve("model_answer")));
        files.addAll(list(folder.resolve("model_judgment")));
        return files;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + " is missing: an arena-bench folder holds question.jsonl, "
                    + "model_answer/ and model_judgment/");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One graded answer. */
    private record Graded(String model, int score, String answer, String where) {}

    @Override
    public void read(PairSink sink) {
        Map<String, String> questions = questions(sink);
        Map<String, Map<String, String>> answers = answers();
        Map<String, List<Graded>> graded = graded(questions, answers, sink);
        for (Map.Entry<String, List<Graded>> e : graded.entrySet()) {
            String question = questions.get(e.getKey());
            RatedPairs.forEach(e.getValue(), Graded::score, minGap, (chosen, rejected) -> {
                if (chosen.answer().strip().equals(rejected.answer().strip())) {
                    sink.skipped(new SkippedRecord(
                            folder.toString(),
                            chosen.where(),
                            "answer",
                            SkipReason.IDENTICAL_RESPONSES,
                            "same answer text graded differently"));
                    return;
                }
                String id = "arena-bench:" + e.getKey() + ":" + chosen.model() + ">" + rejected.model();
                sink.pair(PreferencePair.text(
                        id,
                        Groups.ofPrompt(question),
                        CRITERION,
                        question,
                        chosen.answer(),
                        rejected.answer(),
                        "arena-bench:" + folder.getFileName() + "/" + e.getKey()));
            });
        }
    }

    /** The questions by id; a question without id or text is skipped with the reason. */
    private Map<String, String> questions(PairSink sink) {
        Path questionsFile = folder.resolve("question.jsonl");
        if (!Files.isRegularFile(questionsFile)) {
            throw new InvalidInputException(questionsFile + " is missing: an arena-bench folder holds question.jsonl, "
                    + "model_answer/ and model_judgment/");
        }
        Map<String, String> questions = new LinkedHashMap<>();
        lines(questionsFile, (node, line) -> {
            String id = node.path("question_id").asText("");
            String text = node.path("turns").path(0).asText("");
            if (id.isEmpty() || text.isBlank()) {
                sink.skipped(new SkippedRecord(
                        questionsFile.toString(),
                        "line " + line,
                        "turns",
                        SkipReason.MISSING_FIELD,
                        "a question needs question_id and turns[0]"));
            } else {
                questions.put(id, text);
            }
        });
        return questions;
    }

    /** Each model's non-blank answers by question id, models in name order. */
    private Map<String, Map<String, String>> answers() {
        Map<String, Map<String, String>> answers = new TreeMap<>();
        for (Path f : list(folder.resolve("model_answer"))) {
            Map<String, String> byQuestion = answers.computeIfAbsent(stem(f), m -> new LinkedHashMap<>());
            lines(f, (node, line) -> {
                String text = node.path("choices").path(0).path("turns").path(0).asText("");
                if (!text.isBlank()) {
                    byQuestion.put(node.path("question_id").asText(""), text);
                }
            });
        }
        return answers;
    }

    /**
     * The graded answers of each question, in judgment order; a judgment whose score is not 1 … 10, or without its
     * answer or question, is skipped with the reason.
     */
    private Map<String, List<Graded>> graded(
            Map<String, String> questions, Map<String, Map<String, String>> answers, PairSink sink) {
        Map<String, List<Graded>> graded = new LinkedHashMap<>();
        for (Path f : list(folder.resolve("model_judgment"))) {
            String model = stem(f);
            lines(f, (node, line) -> {
                String qid = node.path("question_id").asText("");
                String where = f.getFileName() + " line " + line;
                int score = score(node.path("score").asText("").strip());
                if (score < 1 || score > 10) {
                    sink.skipped(new SkippedRecord(
                            f.toString(),
                            "line " + line,
                            "score",
                            SkipReason.INVALID_VALUE,
                            "score " + node.path("score") + " is not 1 … 10"));
                    return;
                }
                String answer = answers.getOrDefault(model, Map.of()).get(qid);
                if (answer == null || !questions.containsKey(qid)) {
                    sink.skipped(new SkippedRecord(
                            f.toString(),
                            "line " + line,
                            "question_id",
                            SkipReason.INCONSISTENT,
                            "no " + (answer == null ? "answer of " + model : "question") + " for question " + qid));
                    return;
                }
                graded.computeIfAbsent(qid, q -> new ArrayList<>()).add(new Graded(model, score, answer, where));
            });
        }
        return graded;
    }

    /** A grade "1" … "10" (also written "7.0"); −1 for anything else (null, "7.5", "ten"). */
    public static int score(String text) {
        try {
            double v = Double.parseDouble(text);
            return v == Math.rint(v) && v >= 1 && v <= 10 ? (int) v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.length() - ".jsonl".length());
    }

    /** Calls {@code each} for every non-blank line's JSON object; a malformed line is an error naming the file. */
    static void lines(Path file, ObjIntConsumer<JsonNode> each) {
        List<String> all;
        try {
            all = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).isBlank()) {
                continue;
            }
            try {
                each.accept(Json.mapper().readTree(all.get(i)), i + 1);
            } catch (IOException e) {
                throw new InvalidInputException(file + " line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
            }
        }
    }
}
