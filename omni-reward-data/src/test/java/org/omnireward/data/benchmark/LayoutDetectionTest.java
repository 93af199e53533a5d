package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.omnireward.data.benchmark.Fixtures.textRecord;
import static org.omnireward.data.benchmark.Fixtures.writeJson;
import static org.omnireward.data.benchmark.Fixtures.writeString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

class LayoutDetectionTest {

    @TempDir
    Path dir;

    @Test
    void missing_folder_is_named() {
        Path gone = dir.resolve("nope");
        assertThatThrownBy(() -> BenchmarkLoader.open(gone, LoadOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("benchmark folder " + gone + " does not exist");
    }

    @Test
    void a_file_instead_of_a_folder_is_refused() {
        Path f = writeString(dir.resolve("text_to_text.json"), "[]");
        assertThatThrownBy(() -> BenchmarkLoader.open(f, LoadOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a folder");
    }

    @Test
    void unrecognised_folder_lists_the_patterns_of_every_format_and_what_it_holds() throws Exception {
        writeString(dir.resolve("readme.txt"), "hi");
        writeString(dir.resolve("train.json"), "[]");
        Files.createDirectories(dir.resolve("images"));

        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no benchmark found in " + dir)
                .hasMessageContaining("hf: <task>/**.parquet, data/<task>/**.parquet, <task>-*.parquet")
                .hasMessageContaining("json: <long_name>_preferences.json, <long_name>.json or <long_name>.jsonl")
                .hasMessageContaining("llamafactory: dataset_info.json")
                .hasMessageContaining("text_to_3D")
                .hasMessageContaining("the folder contains: images/, readme.txt, train.json (3 entries)");
    }

    @Test
    void empty_folder_says_so() {
        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .hasMessageContaining("the folder is empty");
    }

    @Test
    void long_listings_are_cut() {
        for (int i = 0; i < 14; i++) {
            writeString(dir.resolve("f" + (char) ('a' + i) + ".txt"), "x");
        }
        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .hasMessageContaining("fa.txt, fb.txt")
                .hasMessageContaining("fj.txt, ... (14 entries)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fk.txt"));
    }

    @Test
    void forced_format_that_is_absent_says_what_it_looked_for() {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("a", "tie")));

        assertThatThrownBy(
                        () -> BenchmarkLoader.open(dir, LoadOptions.defaults().withFormat(BenchmarkFormat.HF_PARQUET)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no hf benchmark in " + dir)
                .hasMessageContaining("<task>-*.parquet")
                .hasMessageContaining("text_to_text.json");
    }

    @Test
    void two_layouts_need_a_forced_format_which_then_wins() {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("a", "tie")));
        ParquetFixtures.write(
                dir.resolve("text_to_text/test.parquet"),
                "SELECT " + ParquetFixtures.textColumns("p", "tie") + ", 'x' AS response1, 'y' AS response2");

        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .hasMessageContaining("more than one layout (hf, json)")
                .hasMessageContaining("--format");
        List<LoadedEntry> viaJson =
                Fixtures.load(dir, LoadOptions.defaults().withFormat(BenchmarkFormat.JSON), Task.T2T);
        List<LoadedEntry> viaHf =
                Fixtures.load(dir, LoadOptions.defaults().withFormat(BenchmarkFormat.HF_PARQUET), Task.T2T);
        assertThat(viaJson).extracting(LoadedEntry::id).containsExactly("a");
        assertThat(viaHf).extracting(LoadedEntry::id).containsExactly("p");
    }

    @Test
    void task_option_restricts_hf_and_json_layouts_and_names_missing_tasks() {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("a", "tie")));
        writeJson(dir.resolve("text_to_image.json"), List.of());

        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withTask(Task.T2I))) {
            assertThat(src.tasks()).containsExactly(Task.T2I);
        }
        assertThatThrownBy(
                        () -> BenchmarkLoader.open(dir, LoadOptions.defaults().withTask(Task.T2V)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("task t2v (text_to_video) has no files")
                .hasMessageContaining("t2t (text_to_text), t2i (text_to_image)");
    }

    @Test
    void missing_media_root_is_named() {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("a", "tie")));
        Path gone = dir.resolve("media-nowhere");

        assertThatThrownBy(
                        () -> BenchmarkLoader.open(dir, LoadOptions.defaults().withMediaRoot(gone)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("media root " + gone + " does not exist");
    }

    @Test
    void broken_dataset_info_is_unusable_input_with_its_position() {
        writeString(dir.resolve("dataset_info.json"), "{\"a\": {\"file_name\": }");

        assertThatThrownBy(() -> BenchmarkLoader.open(dir, LoadOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad JSON in " + dir.resolve("dataset_info.json") + " at line 1 column");
    }

    @Test
    void files_declared_by_dataset_info_are_not_taken_for_the_json_layout() {
        writeJson(dir.resolve("text_to_text.json"), List.of(LlamaFactoryLayoutTest.item("c", "p", "a", "b")));
        writeJson(
                dir.resolve("dataset_info.json"),
                Map.of("omni_t2t", LlamaFactoryLayoutTest.entry("text_to_text.json", LlamaFactoryLayoutTest.cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.format()).isEqualTo(BenchmarkFormat.LLAMA_FACTORY);
        }
    }

    @Test
    void unknown_format_name_lists_the_valid_ones() {
        assertThatThrownBy(() -> BenchmarkFormat.parse("csv"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hf, json, llamafactory or unified");
    }
}
