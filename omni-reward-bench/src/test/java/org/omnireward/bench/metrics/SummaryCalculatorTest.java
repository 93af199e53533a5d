package org.omnireward.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.omnireward.core.Preference.RESPONSE1;
import static org.omnireward.core.Preference.RESPONSE2;
import static org.omnireward.core.Preference.TIE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

class SummaryCalculatorTest {

    private static final String NT = "no_ties";
    private static final String T = "ties";

    // --- fixture ----------------------------------------------------------------------------------
    //
    // t2t, scalar model lines:                 ti2t, scalar:                      tv2t, pairwise:
    //  s0 #0 r1   [2, 1]     m  1               u0 #0 r1 [1, .5]    m  .5           v0 #0 r1  -> r1
    //  s1 #1 r2   [1, 3]     m -2               u1 #1 r2 [.25, 1]   m -.75          v1 #1 r2  -> r1
    //  s2 #2 r1   [1, 1]     m  0 (pred tie)    u2 #2 r1 [2, 0]     m  2            v2 #2 tie -> tie (ties only)
    //  s3 #3 r2   [3, 1]     m  2               u3 #3 invalid record (both)         v3 #3 r2  failed
    //  s4 #4 tie  [1.5,1.25] m .25 (ties only)                                      v4 #4 tie -> r2 (ties only)
    //  s5 #5 r1   failed
    //  s6 #6 tie  [1, 1.5]   m -.5 (ties only)
    // t2i is unsupported (a stray line must be ignored); t2a is requested but has no lines.
    // The no_ties line of s0 appears twice; the second (a different prediction) must be ignored.

    private static List<PredictionRecord> fixture() {
        List<PredictionRecord> r = new ArrayList<>();
        for (String setting : List.of(NT, T)) {
            r.add(scalar("s0", "t2t", setting, 0, "response1", 2, 1));
            r.add(scalar("s1", "t2t", setting, 1, "response2", 1, 3));
            r.add(scalar("s2", "t2t", setting, 2, "response1", 1, 1));
            r.add(scalar("s3", "t2t", setting, 3, "response2", 3, 1));
            r.add(failed("s5", "t2t", setting, 5, "response1"));
            r.add(scalar("u0", "ti2t", setting, 0, "response1", 1.0, 0.5));
            r.add(scalar("u1", "ti2t", setting, 1, "response2", 0.25, 1.0));
            r.add(scalar("u2", "ti2t", setting, 2, "response1", 2.0, 0.0));
            r.add(invalid("ti2t#3", "ti2t", setting, 3));
            r.add(pairwise("v0", "tv2t", setting, 0, "response1", "response1"));
            r.add(pairwise("v1", "tv2t", setting, 1, "response2", "response1"));
            r.add(failed("v3", "tv2t", setting, 3, "response2"));
            r.add(pairwise("w0", "t2i", setting, 0, "response1", "response1"));
        }
        r.add(scalar("s4", "t2t", T, 4, "tie", 1.5, 1.25));
        r.add(scalar("s6", "t2t", T, 6, "tie", 1, 1.5));
        r.add(pairwise("v2", "tv2t", T, 2, "tie", "tie"));
        r.add(pairwise("v4", "tv2t", T, 4, "tie", "response2"));
        return r;
    }

    private static List<PredictionRecord> fixtureWithDuplicate() {
        List<PredictionRecord> r = fixture();
        r.add(scalar("s0", "t2t", NT, 0, "response1", 1, 2)); // would be wrong; must not count
        return r;
    }

    private static RunInfo run(TieCalibrationMode mode, TieScope scope) {
        return new RunInfo(
                "toy-scalar",
                "/data/bench",
                "json",
                7L,
                List.of(Setting.values()),
                List.of(Task.T2T, Task.TI2T, Task.TV2T, Task.T2I, Task.T2A),
                Set.of(Task.T2I),
                mode,
                scope);
    }

    private static final String EXPECTED_DEFINITION = """
            {
              "model": "toy-scalar", "data": "/data/bench", "format": "json", "seed": 7, "ci_method": "wilson",
              "tie_calibration": "definition", "tie_scope": "per_task",
              "settings": {
                "no_ties": {
                  "overall": 0.6666666667, "overall_strict": 0.4944444444,
                  "tasks": {
                    "t2t":  {"accuracy": 0.5, "n": 4, "correct": 2, "failed": 1, "invalid": 0, "strict_accuracy": 0.4,
                             "ci95": [0.1500389892, 0.8499610108], "tie_threshold": null, "tie_calibrated": false},
                    "ti2t": {"accuracy": 1.0, "n": 3, "correct": 3, "failed": 1, "invalid": 1, "strict_accuracy": 0.75,
                             "ci95": [0.4385029682, 1.0], "tie_threshold": null, "tie_calibrated": false},
                    "tv2t": {"accuracy": 0.5, "n": 2, "correct": 1, "failed": 1, "invalid": 0,
                             "strict_accuracy": 0.3333333333,
                             "ci95": [0.0945312057, 0.9054687943], "tie_threshold": null, "tie_calibrated": false},
                    "t2a":  {"accuracy": null, "n": 0, "correct": 0, "failed": 0, "invalid": 0, "strict_accuracy": null,
                             "ci95": null, "tie_threshold": null, "tie_calibrated": false}
                  },
                  "unsupported": ["t2i"],
                  "tie_threshold": null
                },
                "ties": {
                  "overall": 0.7222222222, "overall_strict": 0.5738095238,
                  "tasks": {
                    "t2t":  {"accuracy": 0.6666666667, "n": 6, "correct": 4, "failed": 1, "invalid": 0,
                             "strict_accuracy": 0.5714285714,
                             "ci95": [0.2999933151, 0.9032285889], "tie_threshold": 0.5, "tie_calibrated": true},
                    "ti2t": {"accuracy": 1.0, "n": 3, "correct": 3, "failed": 1, "invalid": 1, "strict_accuracy": 0.75,
                             "ci95": [0.4385029682, 1.0], "tie_threshold": null, "tie_calibrated": true},
                    "tv2t": {"accuracy": 0.5, "n": 4, "correct": 2, "failed": 1, "invalid": 0, "strict_accuracy": 0.4,
                             "ci95": [0.1500389892, 0.8499610108], "tie_threshold": null, "tie_calibrated": false},
                    "t2a":  {"accuracy": null, "n": 0, "correct": 0, "failed": 0, "invalid": 0, "strict_accuracy": null,
                             "ci95": null, "tie_threshold": null, "tie_calibrated": false}
                  },
                  "unsupported": ["t2i"],
                  "tie_threshold": null
                }
              }
            }
            """;

    // --- the hand-computed summary ---------------------------------------------------------------

    @Test
    void summary_of_the_fixture_matches_the_hand_computed_json() throws Exception {
        Evaluation ev = SummaryCalculator.evaluate(
                fixtureWithDuplicate(), run(TieCalibrationMode.DEFINITION, TieScope.PER_TASK));

        assertJsonMatches(EXPECTED_DEFINITION, SummaryWriter.toJson(ev.summary()));
        assertThat(ev.duplicatesIgnored()).isEqualTo(1);
    }

    @Test
    void reference_mode_differs_where_the_no_ties_threshold_would_have_won() throws Exception {
        // ti2t has perfect predictions and no human ties: the reference walk must make u0 (|m| .5)
        // a tie -> 2/3. t2t reaches the same 4/6 at .5 both ways (hand-walked in the comment above).
        Summary s = SummaryCalculator.summarize(fixture(), run(TieCalibrationMode.REFERENCE, TieScope.PER_TASK));

        Summary.SettingSummary ties = s.setting(Setting.TIES);
        assertThat(s.tieCalibration()).isEqualTo("reference");
        assertThat(ties.task(Task.TI2T).correct()).isEqualTo(2);
        assertThat(ties.task(Task.TI2T).accuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(ties.task(Task.TI2T).tieThreshold()).isEqualTo(0.5);
        assertThat(ties.task(Task.T2T).correct()).isEqualTo(4);
        assertThat(ties.task(Task.T2T).tieThreshold()).isEqualTo(0.5);
        assertThat(ties.overall()).isCloseTo((2.0 / 3 + 2.0 / 3 + 0.5) / 3, within(1e-12));
        // the no_ties setting is not calibrated, so it is identical in both modes
        Summary d = SummaryCalculator.summarize(fixture(), run(TieCalibrationMode.DEFINITION, TieScope.PER_TASK));
        assertThat(s.setting(Setting.NO_TIES)).isEqualTo(d.setting(Setting.NO_TIES));
        assertThat(ties.overall()).isLessThan(d.setting(Setting.TIES).overall());
    }

    @Test
    void global_scope_applies_one_threshold_that_maximises_the_mean_accuracy() {
        // shared eps over t2t {0,.25,.5,1,2,2} and ti2t {.5,.75,2}: t2t/6 + ti2t/3 is
        // none 2/6+3/3, 0 2/6+3/3, .25 3/6+3/3 (best), .5 4/6+2/3, .75 4/6+1/3, 1 3/6+1/3, 2 2/6+0
        Summary s = SummaryCalculator.summarize(fixture(), run(TieCalibrationMode.DEFINITION, TieScope.GLOBAL));

        Summary.SettingSummary ties = s.setting(Setting.TIES);
        assertThat(s.tieScope()).isEqualTo("global");
        assertThat(ties.tieThreshold()).isEqualTo(0.25);
        assertThat(ties.task(Task.T2T).correct()).isEqualTo(3);
        assertThat(ties.task(Task.T2T).tieThreshold()).isEqualTo(0.25);
        assertThat(ties.task(Task.TI2T).correct()).isEqualTo(3);
        assertThat(ties.task(Task.TI2T).tieThreshold()).isEqualTo(0.25);
        assertThat(ties.task(Task.TV2T).tieCalibrated()).isFalse();
        assertThat(ties.task(Task.TV2T).tieThreshold()).isNull();
        assertThat(ties.overall()).isCloseTo((0.5 + 1.0 + 0.5) / 3, within(1e-12));
        assertThat(s.setting(Setting.NO_TIES).tieThreshold()).isNull();
    }

    @Test
    void global_scope_with_reference_calibration_is_rejected() {
        assertThatThrownBy(() -> run(TieCalibrationMode.REFERENCE, TieScope.GLOBAL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("global")
                .hasMessageContaining("definition");
    }

    // --- determinism -------------------------------------------------------------------------

    @Test
    void summary_does_not_depend_on_line_order_in_any_mode() {
        Random random = new Random(12345);
        for (RunInfo info : List.of(
                run(TieCalibrationMode.DEFINITION, TieScope.PER_TASK),
                run(TieCalibrationMode.REFERENCE, TieScope.PER_TASK),
                run(TieCalibrationMode.DEFINITION, TieScope.GLOBAL))) {
            String expected = SummaryWriter.toJson(SummaryCalculator.summarize(fixture(), info));
            List<SampleOutcome> expectedOutcomes =
                    SummaryCalculator.evaluate(fixture(), info).outcomes(Setting.TIES);
            for (int round = 0; round < 25; round++) {
                List<PredictionRecord> shuffled = fixture();
                Collections.shuffle(shuffled, random);
                Evaluation ev = SummaryCalculator.evaluate(shuffled, info);
                assertThat(SummaryWriter.toJson(ev.summary())).isEqualTo(expected);
                assertThat(ev.outcomes(Setting.TIES)).isEqualTo(expectedOutcomes);
            }
        }
    }

    @Test
    void reference_mode_follows_the_index_field_not_the_line_order() {
        // two samples with equal |margin|: a human tie at index 0 and a response1 at index 1.
        // Reference walk in index order: tie first -> 2/2. Written in the opposite line order, or
        // with the indexes exchanged, the outcome follows the indexes.
        PredictionRecord tieFirst = scalar("a", "t2t", T, 0, "tie", 2, 1);
        PredictionRecord r1Second = scalar("b", "t2t", T, 1, "response1", 2, 1);
        RunInfo ref = RunInfo.of("m", "d").withTies(TieCalibrationMode.REFERENCE, null);

        int correctInOrder = correct(SummaryCalculator.summarize(List.of(tieFirst, r1Second), ref));
        int correctReversed = correct(SummaryCalculator.summarize(List.of(r1Second, tieFirst), ref));
        int correctIndexesSwapped = correct(SummaryCalculator.summarize(
                List.of(scalar("a", "t2t", T, 1, "tie", 2, 1), scalar("b", "t2t", T, 0, "response1", 2, 1)), ref));
        int definition = correct(SummaryCalculator.summarize(List.of(tieFirst, r1Second), RunInfo.of("m", "d")));

        assertThat(correctInOrder).isEqualTo(2).isEqualTo(correctReversed);
        assertThat(correctIndexesSwapped).isEqualTo(1);
        assertThat(definition).isEqualTo(1);
    }

    private static int correct(Summary s) {
        return s.setting(Setting.TIES).task(Task.T2T).correct();
    }

    // --- outcomes ----------------------------------------------------------------------------

    @Test
    void outcomes_carry_the_calibrated_predictions_and_agree_with_the_summary() {
        Evaluation ev = SummaryCalculator.evaluate(
                fixtureWithDuplicate(), run(TieCalibrationMode.DEFINITION, TieScope.PER_TASK));

        List<SampleOutcome> t2t = ev.outcomes(Setting.TIES).stream()
                .filter(o -> o.task() == Task.T2T)
                .toList();
        assertThat(t2t).extracting(SampleOutcome::id).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6");
        assertThat(t2t)
                .extracting(SampleOutcome::prediction)
                .containsExactly(RESPONSE1, RESPONSE2, TIE, RESPONSE1, TIE, null, TIE);
        assertThat(t2t).extracting(SampleOutcome::correct).containsExactly(true, true, false, false, true, false, true);
        assertThat(t2t.get(5).failed()).isTrue();

        List<SampleOutcome> noTiesT2t = ev.outcomes(Setting.NO_TIES).stream()
                .filter(o -> o.task() == Task.T2T)
                .toList();
        assertThat(noTiesT2t)
                .extracting(SampleOutcome::prediction)
                .as("the duplicate s0 line is ignored; s2's equal scores keep their threshold-free tie")
                .containsExactly(RESPONSE1, RESPONSE2, TIE, RESPONSE1, null);

        assertThat(ev.outcomes(Setting.TIES)).extracting(SampleOutcome::task).doesNotContain(Task.T2I);
        for (Setting setting : Setting.values()) {
            for (Map.Entry<String, Summary.TaskSummary> e :
                    ev.summary().setting(setting).tasks().entrySet()) {
                List<SampleOutcome> of = ev.outcomes(setting).stream()
                        .filter(o -> o.task().id().equals(e.getKey()))
                        .toList();
                assertThat(of.stream().filter(SampleOutcome::correct).count())
                        .isEqualTo(e.getValue().correct());
                assertThat(of.stream().filter(SampleOutcome::failed).count())
                        .isEqualTo(e.getValue().failed());
                assertThat(of).hasSize(e.getValue().lines());
            }
        }
    }

    @Test
    void outcomes_in_reference_mode_reflect_the_split_equal_margin_group() {
        List<SampleOutcome> ti2t = SummaryCalculator.evaluate(
                        fixture(), run(TieCalibrationMode.REFERENCE, TieScope.PER_TASK))
                .outcomes(Setting.TIES)
                .stream()
                .filter(o -> o.task() == Task.TI2T)
                .toList();

        assertThat(ti2t).extracting(SampleOutcome::prediction).containsExactly(TIE, RESPONSE2, RESPONSE1, null);
        assertThat(ti2t).extracting(SampleOutcome::correct).containsExactly(false, true, true, false);
        assertThat(ti2t.get(3).invalid()).isTrue();
    }

    @Test
    void run_info_rebuilt_from_a_summary_reproduces_the_summary() {
        for (RunInfo info : List.of(
                run(TieCalibrationMode.REFERENCE, TieScope.PER_TASK),
                run(TieCalibrationMode.DEFINITION, TieScope.GLOBAL))) {
            Summary s = SummaryCalculator.summarize(fixture(), info);
            assertThat(SummaryCalculator.summarize(fixture(), RunInfo.fromSummary(s)))
                    .isEqualTo(s);
        }
    }

    // --- counting rules ----------------------------------------------------------------------

    @Test
    void a_task_where_everything_failed_has_no_accuracy_but_drags_the_strict_overall_down() {
        List<PredictionRecord> lines = List.of(
                pairwise("a", "t2t", NT, 0, "response1", "response1"),
                failed("b", "ti2t", NT, 0, "response2"),
                invalid("c", "ti2t", NT, 1));
        RunInfo info = new RunInfo(
                "m", "d", null, null, List.of(Setting.NO_TIES), List.of(Task.T2T, Task.TI2T), null, null, null);

        Summary.SettingSummary s = SummaryCalculator.summarize(lines, info).setting(Setting.NO_TIES);

        assertThat(s.overall()).isEqualTo(1.0);
        assertThat(s.overallStrict()).isEqualTo(0.5);
        assertThat(s.task(Task.TI2T).accuracy()).isNull();
        assertThat(s.task(Task.TI2T).strictAccuracy()).isEqualTo(0.0);
        assertThat(s.task(Task.TI2T).failed()).isEqualTo(2);
        assertThat(s.task(Task.TI2T).invalid()).isEqualTo(1);
        assertThat(s.task(Task.TI2T).ci95()).isNull();
    }

    @Test
    void scalar_lines_without_a_written_prediction_take_it_from_the_scores_in_no_ties() {
        PredictionRecord noPrediction = new PredictionRecord(
                "a", "t2t", NT, 0, "response2", null, null, List.of(0.5, 1.5), false, false, null, 1, 3, null);

        Summary s = SummaryCalculator.summarize(List.of(noPrediction), RunInfo.of("m", "d"));

        assertThat(s.setting(Setting.NO_TIES).task(Task.T2T).correct()).isEqualTo(1);
    }

    // --- malformed lines ---------------------------------------------------------------------

    @Test
    void rejects_lines_that_break_the_contract_naming_the_line() {
        RunInfo info = RunInfo.of("m", "d");
        assertThatThrownBy(() -> SummaryCalculator.summarize(List.of(pairwise("x1", "t9x", T, 0, "tie", "tie")), info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x1'")
                .hasMessageContaining("unknown task 't9x'");
        assertThatThrownBy(() ->
                        SummaryCalculator.summarize(List.of(pairwise("x2", "t2t", "sometimes", 0, "tie", "tie")), info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x2'")
                .hasMessageContaining("unknown setting 'sometimes'");
        assertThatThrownBy(() -> SummaryCalculator.summarize(List.of(pairwise("x3", "t2t", T, 0, null, "tie")), info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x3'")
                .hasMessageContaining("not marked failed")
                .hasMessageContaining("label");
        assertThatThrownBy(() -> SummaryCalculator.summarize(List.of(pairwise("x4", "t2t", NT, 0, "tie", "tie")), info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x4'")
                .hasMessageContaining("no_ties");
        assertThatThrownBy(() -> SummaryCalculator.summarize(List.of(pairwise("x5", "t2t", T, 0, "tie", null)), info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x5'")
                .hasMessageContaining("neither a prediction nor scores");
        assertThatThrownBy(() -> SummaryCalculator.summarize(
                        List.of(new PredictionRecord(
                                "x6",
                                "t2t",
                                T,
                                0,
                                "tie",
                                "tie",
                                null,
                                List.of(1.0, 2.0, 3.0),
                                false,
                                false,
                                null,
                                1,
                                1,
                                null)),
                        info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x6'")
                .hasMessageContaining("two finite numbers");
        assertThatThrownBy(
                        () -> SummaryCalculator.summarize(List.of(pairwise("x7", "t2t", T, 0, "tie", "maybe")), info))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x7'")
                .hasMessageContaining("prediction 'maybe'");
    }

    @Test
    void failed_lines_may_lack_label_and_prediction() {
        Summary s = SummaryCalculator.summarize(List.of(invalid("f#0", "t2t", T, 0)), RunInfo.of("m", "d"));
        assertThat(s.setting(Setting.TIES).task(Task.T2T).failed()).isEqualTo(1);
    }

    // --- helpers -----------------------------------------------------------------------------

    static PredictionRecord scalar(
            String id, String task, String setting, int index, String label, double r1, double r2) {
        String prediction = r1 > r2 ? "response1" : r1 < r2 ? "response2" : "tie";
        return new PredictionRecord(
                id, task, setting, index, label, prediction, null, List.of(r1, r2), false, false, null, 1, 4, null);
    }

    static PredictionRecord pairwise(
            String id, String task, String setting, int index, String label, String prediction) {
        return new PredictionRecord(
                id, task, setting, index, label, prediction, false, null, false, false, null, 1, 900, null);
    }

    static PredictionRecord failed(String id, String task, String setting, int index, String label) {
        return new PredictionRecord(
                id,
                task,
                setting,
                index,
                label,
                null,
                null,
                null,
                true,
                false,
                "retries exhausted: timeout",
                5,
                30000,
                null);
    }

    static PredictionRecord invalid(String id, String task, String setting, int index) {
        return new PredictionRecord(
                id,
                task,
                setting,
                index,
                null,
                null,
                null,
                null,
                true,
                true,
                "invalid: missing response2 (x.json record " + index + ")",
                0,
                0,
                null);
    }

    /**
     * Same field names in the same order, same value types, equal strings/booleans/nulls, and
     * numbers equal to 1e-9 (the expected text rounds to ten decimals).
     */
    static void assertJsonMatches(String expected, String actual) throws Exception {
        compare("$", Json.mapper().readTree(expected), Json.mapper().readTree(actual));
    }

    private static void compare(String path, JsonNode expected, JsonNode actual) {
        assertThat(actual.getNodeType()).as(path).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            List<String> expectedNames = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as(path + " keys").containsExactlyElementsOf(expectedNames);
            for (String name : expectedNames) {
                compare(path + "." + name, expected.get(name), actual.get(name));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
            Iterator<JsonNode> a = actual.elements();
            int i = 0;
            for (JsonNode e : expected) {
                compare(path + "[" + i++ + "]", e, a.next());
            }
        } else if (expected.isNumber()) {
            assertThat(actual.asDouble()).as(path).isCloseTo(expected.asDouble(), within(1e-9));
            assertThat(actual.isIntegralNumber()).as(path + " integral").isEqualTo(expected.isIntegralNumber());
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
