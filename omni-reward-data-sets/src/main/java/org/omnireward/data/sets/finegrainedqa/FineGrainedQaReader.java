package org.omnireward.data.sets.finegrainedqa;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.Groups;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;

/**
 * Reads FineGrainedRLHF long-form QA feedback ({@code dev_feedback.json}: a JSON array of records
 * with {@code question}, {@code prediction 1} … {@code prediction 4} and {@code preference}, six
 * human judgements over the pairs (1,2), (1,3), (1,4), (2,3), (2,4), (3,4): 0 = tie, 1 = the first,
 * 2 = the second; the list may be written as a JSON string). Each judgement is a pair (0 gives a
 * tie pair) under {@link #CRITERION}; group by question. Two identical predictions make no pair.
 */
public final class FineGrainedQaReader implements PreferenceSource {

    /** The criterion: the annotators marked factual errors, irrelevance and missing information. */
    public static final String CRITERION = "Prefer the answer that is factually correct, relevant and complete, "
            + "without wrong or irrelevant information.";

    private static final int[][] ORDER = {{1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}};

    private final Path file;

    /** A reader of {@code file}. */
    public FineGrainedQaReader(Path file) {
        this.file = file;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.FINEGRAINED_QA;
    }

    @Override
    public String description() {
        return "finegrained-qa file " + file;
    }

    @Override
    public List<Path> files() {
        return List.of(file);
    }

    @Override
    public void read(PairSink sink) {
        JsonNode root = Json.readTree(file);
        if (!root.isArray()) {
            throw new InvalidInputException(file + " is not a JSON array of FineGrainedRLHF records");
        }
        for (int r = 0; r < root.size(); r++) {
            JsonNode rec = root.get(r);
            String question = rec.path("question").asText("");
            JsonNode preference = preferences(rec.path("preference"));
            if (question.isBlank() || preference == null || !preference.isArray() || preference.size() != 6) {
                sink.skipped(new SkippedRecord(
                        file.toString(),
                        "record " + (r + 1),
                        question.isBlank() ? "question" : "preference",
                        SkipReason.MISSING_FIELD,
                        "needs a question and six preferences"));
                continue;
            }
            Item item = new Item(r + 1, question, rec);
            for (int k = 0; k < ORDER.length; k++) {
                judgement(item, k, preference.get(k), sink);
            }
        }
    }

    /** The list of judgements, also when it is written as a JSON string; null when that string is not JSON. */
    private static JsonNode preferences(JsonNode preference) {
        if (!preference.isTextual()) {
            return preference;
        }
        try {
            return Json.mapper().readTree(preference.asText());
        } catch (IOException e) {
            return null;
        }
    }

    /** A record: its number (from 1), question and JSON. */
    private record Item(int number, String question, JsonNode record) {}

    /** The pair of the {@code k}-th judgement (of {@link #ORDER}); a blank, unjudged or identical pair is skipped. */
    private void judgement(Item item, int k, JsonNode judged, PairSink sink) {
        String where = "record " + item.number();
        int a = ORDER[k][0];
        int b = ORDER[k][1];
        String ta = item.record().path("prediction " + a).asText("");
        String tb = item.record().path("prediction " + b).asText("");
        int p = judged.asInt(-1);
        if (ta.isBlank() || tb.isBlank()) {
            sink.skipped(new SkippedRecord(
                    file.toString(),
                    where,
                    "prediction",
                    SkipReason.EMPTY_TEXT,
                    "prediction " + (ta.isBlank() ? a : b) + " is blank"));
        } else if (p < 0 || p > 2) {
            sink.skipped(new SkippedRecord(
                    file.toString(),
                    where,
                    "preference",
                    SkipReason.INVALID_VALUE,
                    "preference " + judged + " of pair (" + a + "," + b + ") is not 0, 1 or 2"));
        } else if (ta.strip().equals(tb.strip())) {
            sink.skipped(new SkippedRecord(
                    file.toString(),
                    where,
                    "prediction",
                    SkipReason.IDENTICAL_RESPONSES,
                    "predictions " + a + " and " + b + " are the same text"));
        } else {
            boolean secondWins = p == 2;
            String id = "finegrained-qa:" + item.number() + ":" + a + "-" + b;
            sink.pair(new PreferencePair(
                    id,
                    Task.T2T,
                    Groups.ofPrompt(item.question()),
                    CRITERION,
                    item.question(),
                    List.of(),
                    Response.text(secondWins ? tb : ta),
                    Response.text(secondWins ? ta : tb),
                    p == 0,
                    Sources.of(PreferenceFormat.FINEGRAINED_QA, file, "#" + item.number())));
        }
    }
}
