package org.omnireward.bench.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;

/** The hand-written line writer produces exactly what Jackson's data binding writes for a record, and reads back equal. */
class PredictionsFileTest {

    private static final String[] TEXTS = {
        null,
        "",
        "plain",
        "quote \" and backslash \\",
        "tab\tnew\nline\u0001ctl",
        "ünïcödé ✓ 🙂",
        "<think>[[A]]</think>\n[[B]]"
    };

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    @Test
    void every_field_combination_matches_data_binding_and_round_trips() throws Exception {
        Random rnd = new Random(7);
        List<PredictionRecord> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Boolean[] bools = {null, true, false};
            Long[] longs = {null, 0L, 123456789L, -1L};
            List<Double> scores = rnd.nextInt(3) == 0 ? null : List.of(rnd.nextGaussian(), rnd.nextDouble() * 1e-9);
            records.add(new PredictionRecord(
                    pick(rnd, TEXTS),
                    "t2t",
                    "no_ties",
                    rnd.nextInt(1000),
                    pick(rnd, TEXTS),
                    pick(rnd, TEXTS),
                    pick(rnd, bools),
                    scores,
                    rnd.nextBoolean(),
                    rnd.nextBoolean(),
                    pick(rnd, TEXTS),
                    rnd.nextInt(6),
                    rnd.nextLong(),
                    pick(rnd, TEXTS),
                    pick(rnd, TEXTS),
                    pick(rnd, longs),
                    pick(rnd, longs),
                    pick(rnd, bools),
                    pick(rnd, new String[] {null, "truncated", "refused"}),
                    pick(rnd, new String[] {null, "stop", "length", "end_turn,max_tokens"})));
        }
        for (PredictionRecord r : records) {
            String line = PredictionsFile.toLine(r);
            assertThat(line).isEqualTo(Json.mapper().writeValueAsString(r) + "\n");
            assertThat(PredictionsFile.parseLine(line.strip())).isEqualTo(r);
        }
    }
}
