package org.omnireward.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

class SummaryFilesTest {

    @TempDir
    Path dir;

    private static Summary sample() {
        List<PredictionRecord> lines = List.of(
                SummaryCalculatorTest.scalar("a", "t2t", "ties", 0, "tie", 1.0, 1.25),
                SummaryCalculatorTest.scalar("b", "t2t", "ties", 1, "response1", 2.0, 1.0),
                SummaryCalculatorTest.scalar("c", "t2t", "no_ties", 1, "response1", 2.0, 1.0),
                SummaryCalculatorTest.failed("d", "t2t", "ties", 2, "response2"));
        RunInfo info = new RunInfo(
                "length", "/bench", "hf", 3L, null, List.of(Task.T2T, Task.T2I), Set.of(Task.T2I), null, null);
        return SummaryCalculator.summarize(lines, info);
    }

    @Test
    void written_summary_reads_back_equal() {
        Path file = dir.resolve(SummaryWriter.NAME);
        Summary s = sample();

        SummaryWriter.write(file, s);

        assertThat(SummaryReader.read(file)).isEqualTo(s);
        assertThat(SummaryReader.read(file).setting(Setting.TIES).task(Task.T2T).tieThreshold())
                .isEqualTo(0.25);
    }

    @Test
    void written_file_is_pretty_printed_in_a_fixed_key_order_and_replaces_an_old_one() throws Exception {
        Path file = dir.resolve(SummaryWriter.NAME);
        Files.writeString(file, "old content that is much longer than nothing");

        SummaryWriter.write(file, sample());

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith(
                        "{\n  \"model\" : \"length\",\n  \"data\" : \"/bench\",\n  \"format\" : \"hf\",\n"
                                + "  \"seed\" : 3,\n  \"ci_method\" : \"wilson\",\n  \"tie_calibration\" : \"definition\",\n"
                                + "  \"tie_scope\" : \"per_task\",\n  \"settings\" : {\n    \"no_ties\" : {\n      \"overall\" : 1.0,\n");
        assertThat(text).endsWith("}\n");
        assertThat(text.indexOf("\"no_ties\"")).isLessThan(text.indexOf("\"ties\""));
        assertThat(text)
                .containsSubsequence(
                        "\"accuracy\"",
                        "\"n\"",
                        "\"correct\"",
                        "\"failed\"",
                        "\"invalid\"",
                        "\"strict_accuracy\"",
                        "\"ci95\"",
                        "\"tie_threshold\"",
                        "\"tie_calibrated\"",
                        "\"unsupported\" : [ \"t2i\" ]",
                        "\"tie_threshold\" : null");
        assertThat(text).isEqualTo(SummaryWriter.toJson(sample()));
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly(SummaryWriter.NAME);
        }
    }

    @Test
    void reading_a_missing_file_names_it() {
        Path file = dir.resolve("nope/summary.json");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no summary");
    }

    @Test
    void reading_malformed_json_names_the_file_and_position() throws Exception {
        Path file = dir.resolve(SummaryWriter.NAME);
        Files.writeString(file, "{\n  \"model\" : \"x\",\n  \"settings\" : { \"ties\" : [ }\n}\n");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void reading_json_without_settings_is_rejected() throws Exception {
        Path file = dir.resolve(SummaryWriter.NAME);
        Files.writeString(file, "{\"model\": \"x\"}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("settings");
    }

    private Path withTask(String taskJson) throws Exception {
        Path file = dir.resolve(SummaryWriter.NAME);
        Files.writeString(
                file, "{\"model\": \"m\", \"settings\": {\"no_ties\": {\"tasks\": {\"t2t\": " + taskJson + "}}}}");
        return file;
    }

    @Test
    void a_bad_value_is_named_by_file_and_json_path() throws Exception {
        Path file = withTask("{\"accuracy\": 0.5, \"n\": 2.5, \"correct\": 1}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": settings.no_ties.tasks.t2t.n: expected a non-negative integer");
        withTask("{\"accuracy\": \"high\", \"n\": 2, \"correct\": 1}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessage(file + ": settings.no_ties.tasks.t2t.accuracy: expected a number or null");
        withTask("{\"accuracy\": 0.5, \"n\": 2, \"correct\": 3}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessage(file + ": settings.no_ties.tasks.t2t.correct: expected at most n (2), got 3");
        withTask("{\"accuracy\": 0.5, \"n\": 2}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessage(file + ": settings.no_ties.tasks.t2t.correct: expected a non-negative integer");
        withTask("{\"n\": 2, \"correct\": 1}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessage(file + ": settings.no_ties.tasks.t2t.accuracy: expected a number (or null when n is 0)");
        withTask("{\"accuracy\": 0.5, \"n\": 2, \"correct\": 1, \"ci95\": [0.1]}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessage(file + ": settings.no_ties.tasks.t2t.ci95: expected [low, high] numbers or null");
    }

    @Test
    void unknown_settings_tasks_and_calibrations_are_rejected_with_their_path() throws Exception {
        Path file = dir.resolve(SummaryWriter.NAME);
        Files.writeString(file, "{\"model\": \"m\", \"settings\": {\"maybe_ties\": {}}}");
        assertThatThrownBy(() -> SummaryReader.read(file)).hasMessageStartingWith(file + ": settings.maybe_ties: ");
        Files.writeString(file, "{\"model\": \"m\", \"settings\": {\"ties\": {\"unsupported\": [\"t2x\"]}}}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessageStartingWith(file + ": settings.ties.unsupported[0]: unknown task 't2x'");
        Files.writeString(file, "{\"model\": \"m\", \"tie_calibration\": \"magic\", \"settings\": {\"ties\": {}}}");
        assertThatThrownBy(() -> SummaryReader.read(file))
                .hasMessageStartingWith(file + ": tie_calibration: unknown tie calibration 'magic'");
        Files.writeString(file, "{\"model\": 3, \"settings\": {\"ties\": {}}}");
        assertThatThrownBy(() -> SummaryReader.read(file)).hasMessage(file + ": model: expected a string or null");
    }

    @Test
    void hand_written_summary_is_normalised_and_optional_keys_default() throws Exception {
        Path file = dir.resolve(SummaryWriter.NAME);
        Files.writeString(
                file,
                "{\"model\": \"m\", \"extra\": [1], \"settings\": {\"ties\": {\"tasks\": "
                        + "{\"text_to_image\": {\"accuracy\": 0.5, \"n\": 2, \"correct\": 1}, \"T2T\": {\"accuracy\": null, "
                        + "\"n\": 0, \"correct\": 0, \"failed\": 3, \"invalid\": 1}}}, \"no-ties\": {}}}");

        Summary s = SummaryReader.read(file);

        assertThat(s.settings().keySet()).containsExactly("no_ties", "ties");
        assertThat(s.setting(Setting.TIES).tasks().keySet()).containsExactly("t2t", "t2i");
        Summary.TaskSummary t2i = s.setting(Setting.TIES).task(Task.T2I);
        assertThat(t2i).isEqualTo(new Summary.TaskSummary(0.5, 2, 1, 0, 0, null, null, null, false));
        assertThat(s.setting(Setting.TIES).failedTotal()).isEqualTo(3);
        assertThat(s.tieCalibration()).isNull();
        assertThat(RunInfo.fromSummary(s).tieCalibration()).isEqualTo(TieCalibrationMode.DEFINITION);
    }
}
