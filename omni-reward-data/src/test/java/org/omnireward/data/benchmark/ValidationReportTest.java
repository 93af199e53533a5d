package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.data.benchmark.Fixtures.textRecord;
import static org.omnireward.data.benchmark.Fixtures.with;
import static org.omnireward.data.benchmark.Fixtures.writeBytes;
import static org.omnireward.data.benchmark.Fixtures.writeJson;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Task;

class ValidationReportTest {

    @TempDir
    Path dir;

    @BeforeEach
    void benchmark() {
        writeJson(
                dir.resolve("text_to_text_preferences.json"),
                List.of(
                        textRecord("a", "tie"),
                        textRecord("b", "response1"),
                        textRecord("c", "nope"),
                        textRecord("a", "response2")));
        writeBytes(dir.resolve("media_data/1.png"), new byte[] {1});
        writeBytes(dir.resolve("media_data/2.png"), new byte[] {2});
        writeJson(
                dir.resolve("text_to_image_preferences.json"),
                List.of(
                        with(with(textRecord("i1", "tie"), "response1_path", "1.png"), "response2_path", "2.png"),
                        with(with(textRecord("i2", "response1"), "response1_path", "1.png"), "response2_path", "3.png"),
                        with(
                                with(textRecord("i3", "response1"), "response1_path", "../x.png"),
                                "response2_path",
                                "4.png")));
    }

    private ValidationReport report(int max) {
        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            return ValidationReport.of(src, max);
        }
    }

    @Test
    void counts_records_valid_ties_invalid_and_media_per_task() {
        ValidationReport r = report(50);

        assertThat(r.format()).isEqualTo(BenchmarkFormat.JSON);
        assertThat(r.mediaRoot())
                .isEqualTo(dir.resolve("media_data").toAbsolutePath().normalize());
        ValidationReport.TaskSummary t2t = r.tasks().get(0);
        assertThat(t2t.task()).isEqualTo(Task.T2T);
        assertThat(List.of(t2t.files(), (int) t2t.records(), (int) t2t.valid(), (int) t2t.ties(), (int) t2t.invalid()))
                .containsExactly(1, 4, 2, 1, 2);
        assertThat(t2t.mediaAvailable() + t2t.mediaMissing()).isZero();
        ValidationReport.TaskSummary t2i = r.tasks().get(1);
        assertThat(List.of(
                        t2i.records(),
                        t2i.valid(),
                        t2i.ties(),
                        t2i.invalid(),
                        t2i.mediaAvailable(),
                        t2i.mediaMissing()))
                .containsExactly(3L, 1L, 1L, 2L, 3L, 3L);
        assertThat(r.totals().records()).isEqualTo(7);
        assertThat(r.totals().invalid()).isEqualTo(4);
        assertThat(r.allValid()).isFalse();
        assertThat(r.invalidRecords())
                .extracting(ValidationReport.InvalidRecord::id)
                .containsExactly("c", "a@text_to_text_preferences.json#4", "i2", "i3");
        assertThat(r.invalidRecords().get(1).reason()).isEqualTo("duplicate id a, first seen at record 1");
        assertThat(r.invalidRecords().get(1).record()).isEqualTo(4);
    }

    @Test
    void lists_at_most_max_invalid_records_but_counts_all() {
        ValidationReport r = report(1);

        assertThat(r.invalidRecords()).hasSize(1);
        assertThat(r.totals().invalid()).isEqualTo(4);
        assertThat(r.toTable()).contains("first 1 of 4; raise --max-errors to list more");
    }

    @Test
    void renders_a_table_with_totals_and_reasons() {
        String table = report(50).toTable();

        assertThat(table).contains("Format:     json");
        assertThat(table).containsPattern("t2t\\s+text_to_text\\s+1\\s+4\\s+2\\s+1\\s+2\\s+0\\s+0");
        assertThat(table).containsPattern("t2i\\s+text_to_image\\s+1\\s+3\\s+1\\s+1\\s+2\\s+3\\s+3");
        assertThat(table).containsPattern("total\\s+2\\s+7\\s+3\\s+2\\s+4\\s+3\\s+3");
        assertThat(table)
                .contains("t2t  text_to_text_preferences.json record 3  id c: field 'criteria_preference' is 'nope'");
        assertThat(table).contains("media file not found: 3.png");
        assertThat(table).contains("4 of 7 records are invalid.");
    }

    @Test
    void renders_json() throws Exception {
        JsonNode j = Fixtures.JSON.readTree(report(2).toJson());

        assertThat(j.get("format").asText()).isEqualTo("json");
        assertThat(j.get("valid").asBoolean()).isFalse();
        assertThat(j.at("/tasks/t2i/media_missing").asInt()).isEqualTo(3);
        assertThat(j.at("/tasks/t2t/ties").asInt()).isEqualTo(1);
        assertThat(j.at("/totals/invalid").asInt()).isEqualTo(4);
        assertThat(j.get("invalid_records")).hasSize(2);
        assertThat(j.at("/invalid_records/0/file").asText()).endsWith("text_to_text_preferences.json");
        assertThat(j.at("/invalid_records/0/record").asInt()).isEqualTo(3);
        assertThat(j.get("invalid_records_not_listed").asInt()).isEqualTo(2);
    }

    @Test
    void all_valid_benchmark_says_so() {
        ValidationReport r;
        Path clean = dir.resolve("clean");
        writeJson(clean.resolve("text_to_text.json"), List.of(textRecord("a", "tie")));
        try (BenchmarkSource src = BenchmarkLoader.open(clean, LoadOptions.defaults())) {
            r = ValidationReport.of(src, 50);
        }
        assertThat(r.allValid()).isTrue();
        assertThat(r.toTable()).contains("All 1 records are valid.");
    }

    @Test
    void skipped_inputs_make_the_report_not_valid() {
        Path lf = dir.resolve("lf");
        writeJson(lf.resolve("pairs.json"), List.of(LlamaFactoryLayoutTest.item("c", "p", "a", "b")));
        writeJson(
                lf.resolve("dataset_info.json"),
                Map.of("pairs", LlamaFactoryLayoutTest.entry("pairs.json", LlamaFactoryLayoutTest.cols())));
        ValidationReport r;
        try (BenchmarkSource src = BenchmarkLoader.open(lf, LoadOptions.defaults())) {
            r = ValidationReport.of(src, 50);
        }
        assertThat(r.allValid()).isFalse();
        assertThat(r.toTable())
                .contains("Skipped inputs")
                .contains("pairs (pairs.json): the entry name does not name a task");
    }

    @Test
    void other_sources_are_counted_from_their_valid_samples() {
        ValidationReport r;
        try (BenchmarkSource real = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            BenchmarkSource wrapped = new BenchmarkSource() {
                public BenchmarkFormat format() {
                    return real.format();
                }

                public Path dataDir() {
                    return real.dataDir();
                }

                public Path mediaRoot() {
                    return real.mediaRoot();
                }

                public List<Task> tasks() {
                    return real.tasks();
                }

                public List<Path> files(Task t) {
                    return real.files(t);
                }

                public Stream<LoadedEntry> entries(Task t) {
                    return real.entries(t);
                }

                public void close() {}
            };
            r = ValidationReport.of(wrapped, 50);
        }
        assertThat(r.tasks().get(1).mediaAvailable()).isEqualTo(2);
        assertThat(r.tasks().get(1).mediaMissing()).isZero();
        assertThat(r.totals().invalid()).isEqualTo(4);
        assertThat(new ArrayList<>(r.skipped())).isEmpty();
    }

    @Test
    void counts_and_warns_about_valid_samples_with_an_empty_text_response() throws Exception {
        writeJson(
                dir.resolve("text_to_text_preferences.json"),
                List.of(
                        textRecord("a", "response1"),
                        with(textRecord("b", "response1"), "response2", ""),
                        with(textRecord("c", "tie"), "response1", " "),
                        with(with(textRecord("d", "response2"), "response1", ""), "response2", "")));

        ValidationReport r = report(50);

        ValidationReport.TaskSummary t2t = r.tasks().get(0);
        assertThat(List.of(t2t.records(), t2t.valid(), t2t.invalid(), t2t.emptyResponses()))
                .containsExactly(4L, 4L, 0L, 3L);
        assertThat(r.totals().emptyResponses()).isEqualTo(3);
        assertThat(r.toTable()).contains("Warning: 3 valid samples have an empty text response (t2t 3)");
        JsonNode j = Fixtures.JSON.readTree(r.toJson());
        assertThat(j.at("/tasks/t2t/empty_responses").asInt()).isEqualTo(3);
        assertThat(j.at("/tasks/t2i/empty_responses").asInt()).isZero();
        assertThat(j.at("/totals/empty_responses").asInt()).isEqualTo(3);
    }
}
