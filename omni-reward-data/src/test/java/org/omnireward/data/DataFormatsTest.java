package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.LoadOptions;

class DataFormatsTest {

    @TempDir
    Path dir;

    private static com.fasterxml.jackson.databind.node.ObjectNode benchmarkRecord() {
        return Fixtures.obj(
                "id",
                "a",
                "prompt",
                "p",
                "criteria",
                "c",
                "criteria_preference",
                "response1",
                "response1",
                "x",
                "response2",
                "y");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode unifiedRecord() {
        return Fixtures.obj("id", "u", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "a", "rejected", "b");
    }

    @Test
    void a_json_layout_benchmark_folder_is_a_benchmark() {
        Fixtures.jsonArray(dir.resolve("text_to_text_preferences.json"), benchmarkRecord());

        assertThat(DataFormats.detect(dir))
                .extracting(DataFormats.Detected::kind, DataFormats.Detected::format)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DataFormats.Kind.BENCHMARK, "json"));
        assertThat(DataFormats.detect(dir).get(0).benchmarkFormat()).contains(BenchmarkFormat.JSON);
    }

    @Test
    void a_dataset_info_folder_is_both_a_llamafactory_benchmark_and_llamafactory_training_data() {
        Fixtures.write(dir.resolve("dataset_info.json"), "{}");

        assertThat(DataFormats.detect(dir))
                .extracting(DataFormats.Detected::toString)
                .containsExactly(
                        "benchmark layout llamafactory (file names)",
                        "training data llamafactory-ranking (dataset_info.json)");
    }

    @Test
    void training_files_are_recognised_by_their_first_record_and_files_by_themselves() {
        Fixtures.jsonLines(dir.resolve("pairs.jsonl"), unifiedRecord());
        Fixtures.jsonArray(dir.resolve("ann.json"), Fixtures.alpaca("i", "a", "b", 1.0));
        Fixtures.write(dir.resolve("notes.txt"), "hello");

        assertThat(DataFormats.detect(dir))
                .extracting(d -> d.preferenceFormat().orElseThrow())
                .containsExactly(PreferenceFormat.ALPACA_EVAL, PreferenceFormat.UNIFIED);
        assertThat(DataFormats.detect(dir.resolve("pairs.jsonl")))
                .singleElement()
                .satisfies(d -> assertThat(d.evidence()).isEqualTo("fields criteria, chosen, rejected of pairs.jsonl"));
        assertThat(DataFormats.detect(dir.resolve("notes.txt"))).isEmpty();
    }

    @Test
    void the_benchmark_loader_says_when_a_folder_holds_training_data_instead() {
        Fixtures.jsonLines(dir.resolve("pairs.jsonl"), unifiedRecord());

        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no benchmark found")
                .hasMessageContaining("It holds training preference data instead (training data unified");
    }

    @Test
    void training_readers_refuse_benchmark_records_named_directly_and_skip_them_in_a_folder() throws Exception {
        Path bench = Fixtures.jsonArray(dir.resolve("mine.json"), benchmarkRecord());
        Fixtures.jsonLines(dir.resolve("pairs.jsonl"), unifiedRecord());

        assertThatThrownBy(() -> PreferenceReaders.open(bench))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Omni-RewardBench records")
                .hasMessageContaining("never used for training");
        ReadResult r = PreferenceReaders.open(dir).readAll();
        assertThat(r.pairs()).hasSize(1);
        assertThat(r.skipped()).extracting(SkippedRecord::reason).containsExactly(SkipReason.BENCHMARK_TEST_SPLIT);
        assertThat(Files.exists(bench)).isTrue();
        assertThat(List.of(r.skipped().get(0).file())).containsExactly(bench.toString());
    }

    @Test
    void a_missing_path_is_an_error_naming_it() {
        assertThatThrownBy(() -> DataFormats.detect(dir.resolve("gone")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gone");
    }
}
