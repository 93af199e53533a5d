package org.omnireward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Side;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.baseline.RandomBaselineModel;

/** The validation table of a trained model: its accuracy beside the length and random baseline models. */
class ValidationReportTest {

    @TempDir
    Path tmp;

    private static PreferencePair pair(String id, String chosen, String rejected) {
        return pair(id, chosen, rejected, "alpaca-eval:dir/file.json#" + id);
    }

    private static PreferencePair pair(String id, String chosen, String rejected, String source) {
        return new PreferencePair(
                id,
                Task.T2T,
                "g-" + id,
                "Prefer the better answer.",
                "Question " + id + "?",
                List.of(),
                Response.text(chosen),
                Response.text(rejected),
                false,
                source);
    }

    private static ValidationReport.Row row(List<ValidationReport.Row> rows, String subset) {
        return rows.stream().filter(r -> r.subset().equals(subset)).findFirst().orElseThrow();
    }

    @Test
    void a_zero_score_difference_counts_half_as_in_the_trainers_validation_accuracy() {
        List<PreferencePair> pairs =
                List.of(pair("0", "A longer answer.", "Short."), pair("1", "Brief.", "Much longer."));

        ValidationReport.Row all = row(ValidationReport.evaluate(pairs, new double[] {0.0, 0.0}, 42), "all pairs");

        assertThat(all.pairs()).isEqualTo(2);
        assertThat(all.model()).isEqualTo(0.5);
    }

    @Test
    void the_length_column_is_the_length_baseline_model_counting_equal_lengths_half() {
        List<PreferencePair> pairs = List.of(
                pair("0", "Answer A.", "Answer B."),
                pair("1", "Longer answer.", "Short."),
                pair("2", "Tiny.", "A much longer answer."));

        ValidationReport.Row all =
                row(ValidationReport.evaluate(pairs, new double[] {1.0, 1.0, -1.0}, 42), "all pairs");

        assertThat(all.length()).isEqualTo(1.5 / 3);
        assertThat(all.model()).isEqualTo(2.0 / 3);
    }

    @Test
    void the_random_column_is_what_the_random_baseline_model_answers_through_the_spi() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            pairs.add(pair(String.valueOf(i), "Chosen answer number " + i + ".", "Rejected " + i + "."));
        }
        double[] differences = new double[pairs.size()];
        Arrays.fill(differences, 1.0);

        double first = row(ValidationReport.evaluate(pairs, differences, 7), "all pairs")
                .random();
        double again = row(ValidationReport.evaluate(pairs, differences, 7), "all pairs")
                .random();
        double otherSeed = row(ValidationReport.evaluate(pairs, differences, 8), "all pairs")
                .random();

        assertThat(first).isCloseTo(0.5, within(0.03)).isEqualTo(again);
        assertThat(otherSeed).isCloseTo(0.5, within(0.03));
    }

    @Test
    void the_random_column_of_each_pair_is_the_random_models_verdict_on_its_content_not_its_id() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pairs.add(pair(String.valueOf(i), "Chosen answer " + i + ".", "Rejected answer " + i + "."));
        }
        RandomBaselineModel model = new RandomBaselineModel(3);
        double[] diff = new double[1];

        for (PreferencePair p : pairs) {
            Side direct = model.judge(new PairwiseRequest(
                            Task.T2T, p.criteria(), p.prompt(), List.of(), p.chosen(), p.rejected(), false))
                    .winner();
            double viaReport = row(ValidationReport.evaluate(List.of(p), diff, 3), "all pairs")
                    .random();
            double otherId = row(
                            ValidationReport.evaluate(List.of(p.withCriteria("other-id", p.criteria())), diff, 3),
                            "all pairs")
                    .random();

            assertThat(viaReport)
                    .as(p.id())
                    .isEqualTo(direct == Side.A ? 1.0 : 0.0)
                    .isEqualTo(otherId);
        }
    }

    @Test
    void subsets_are_all_real_length_balanced_and_each_source_category_without_empty_ones() {
        List<PreferencePair> pairs = List.of(
                pair("a", "A long, detailed answer.", "Short.", "alpaca-eval:x.json#0"),
                pair("b", "Brief.", "A long, rambling answer.", "alpaca-eval:x.json#1"),
                pair("c", "A long, detailed answer.", "Short.", "synthetic:concise<-alpaca-eval:x.json#0"));

        List<ValidationReport.Row> rows = ValidationReport.evaluate(pairs, new double[] {1, 1, -1}, 1);

        assertThat(rows)
                .extracting(ValidationReport.Row::subset)
                .containsExactly(
                        "all pairs", "real pairs", "real, length-balanced", "alpaca-eval", "synthetic:concise");
        assertThat(row(rows, "real, length-balanced").pairs()).isEqualTo(1);
        assertThat(row(rows, "real, length-balanced").length()).isZero();
        assertThat(row(rows, "synthetic:concise").model()).isZero();
    }

    @Test
    void table_metrics_and_json_carry_the_same_columns() throws Exception {
        List<ValidationReport.Row> rows = List.of(
                new ValidationReport.Row("all pairs", 4, 0.75, 0.5, 0.25),
                new ValidationReport.Row("real, length-balanced", 2, 1.0, 0.0, 0.5));

        String table = ValidationReport.table(rows);
        Path file = tmp.resolve("evaluation.json");
        ValidationReport.write(file, rows);
        JsonNode json = Json.mapper().readTree(file.toFile());

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().findFirst().orElseThrow())
                .contains("validation subset", "pairs", "model", "length", "random");
        assertThat(table).contains("  all pairs                            4    0.750    0.500    0.250");
        assertThat(ValidationReport.metrics(rows))
                .containsEntry("accuracy_all_pairs", 0.75)
                .containsEntry("length_baseline_real_length_balanced", 0.0)
                .containsEntry("random_baseline_all_pairs", 0.25)
                .containsEntry("pairs_real_length_balanced", 2.0);
        assertThat(json).hasSize(2);
        assertThat(json.get(1).path("subset").asText()).isEqualTo("real, length-balanced");
        assertThat(json.get(0).path("random").asDouble()).isEqualTo(0.25);
    }

    /** The text of {@code evaluation.json} and of the rows in a checkpoint, as the code before the records wrote it. */
    @Test
    void evaluation_json_keeps_its_text() throws Exception {
        List<ValidationReport.Row> rows = List.of(
                new ValidationReport.Row("all pairs", 3, 2.0 / 3, 0.5, Double.NaN),
                new ValidationReport.Row("synthetic:concise", 1, 1.0, 0.0, 1e-7));
        Path file = tmp.resolve("evaluation.json");
        ValidationReport.write(file, rows);

        assertThat(Files.readString(file)).isEqualTo("""
                        [ {
                          "subset" : "all pairs",
                          "pairs" : 3,
                          "model" : 0.6666666666666666,
                          "length" : 0.5,
                          "random" : "NaN"
                        }, {
                          "subset" : "synthetic:concise",
                          "pairs" : 1,
                          "model" : 1.0,
                          "length" : 0.0,
                          "random" : 1.0E-7
                        } ]
                        """);
        assertThat(Json.write(ValidationReport.toJson(rows)))
                .isEqualTo("[{\"subset\":\"all pairs\",\"pairs\":3,\"model\":0.6666666666666666,\"length\":0.5,"
                        + "\"random\":\"NaN\"},{\"subset\":\"synthetic:concise\",\"pairs\":1,\"model\":1.0,"
                        + "\"length\":0.0,\"random\":1.0E-7}]");
    }

    @Test
    void refuses_a_difference_count_that_does_not_match_the_pairs() {
        assertThatThrownBy(() -> ValidationReport.evaluate(List.of(pair("0", "a", "b")), new double[2], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 score differences for 1 pairs");
    }
}
