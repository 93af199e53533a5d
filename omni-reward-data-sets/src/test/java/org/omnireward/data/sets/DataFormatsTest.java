package org.omnireward.data.sets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.DataFormats;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.ReadResult;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.testing.PreferenceFixtures;

class DataFormatsTest {

    @TempDir
    Path dir;

    private static ObjectNode benchmarkRecord() {
        return PreferenceFixtures.obj(
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

    private static ObjectNode unifiedRecord() {
        return PreferenceFixtures.obj(
                "id", "u", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "a", "rejected", "b");
    }

    @Test
    void a_json_layout_benchmark_folder_is_a_benchmark() {
        PreferenceFixtures.jsonArray(dir.resolve("text_to_text_preferences.json"), benchmarkRecord());

        assertThat(BenchmarkLoader.layoutsIn(dir)).containsExactly(BenchmarkFormat.JSON);
        assertThat(DataFormats.detect(dir)).isEmpty();
        assertThat(DataFormats.detect(dir.resolve("text_to_text_preferences.json")))
                .extracting(DataFormats.Detected::kind, DataFormats.Detected::format)
                .containsExactly(tuple(DataFormats.Kind.BENCHMARK, "json"));
    }

    @Test
    void a_dataset_info_folder_is_both_a_llamafactory_benchmark_and_llamafactory_training_data() {
        PreferenceFixtures.write(dir.resolve("dataset_info.json"), "{}");

        assertThat(BenchmarkLoader.layoutsIn(dir)).containsExactly(BenchmarkFormat.LLAMA_FACTORY);
        assertThat(DataFormats.detect(dir))
                .extracting(DataFormats.Detected::toString)
                .containsExactly("training data llamafactory-ranking (dataset_info.json)");
    }

    @Test
    void training_files_are_recognised_by_their_first_record_and_files_by_themselves() {
        PreferenceFixtures.jsonLines(dir.resolve("pairs.jsonl"), unifiedRecord());
        PreferenceFixtures.jsonArray(dir.resolve("ann.json"), PreferenceFixtures.alpaca("i", "a", "b", 1.0));
        PreferenceFixtures.write(dir.resolve("notes.txt"), "hello");

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
        PreferenceFixtures.jsonLines(dir.resolve("pairs.jsonl"), unifiedRecord());

        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no benchmark found")
                .hasMessageContaining("It holds training preference data instead (training data unified");
    }

    @Test
    void training_readers_refuse_benchmark_records_named_directly_and_skip_them_in_a_folder() throws Exception {
        Path bench = PreferenceFixtures.jsonArray(dir.resolve("mine.json"), benchmarkRecord());
        PreferenceFixtures.jsonLines(dir.resolve("pairs.jsonl"), unifiedRecord());

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
