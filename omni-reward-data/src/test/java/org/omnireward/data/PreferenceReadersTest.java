package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

class PreferenceReadersTest {

    @TempDir
    Path dir;

    private Path alpaca(String name) {
        return Fixtures.jsonArray(dir.resolve(name), Fixtures.alpaca("Q", "a", "bb", 1.0));
    }

    @Test
    void formats_are_detected_from_the_first_record() {
        Path a = alpaca("x.json");
        Path ranking = Fixtures.jsonLines(
                dir.resolve("r.jsonl"),
                Fixtures.obj(
                        "conversations",
                        List.of(Map.of("from", "human", "value", "Q")),
                        "chosen",
                        "a",
                        "rejected",
                        "b"));
        Path messages = Fixtures.jsonLines(
                dir.resolve("m.jsonl"), Fixtures.obj("chosen_messages", List.of(), "rejected_messages", List.of()));
        Path unified = Fixtures.jsonLines(
                dir.resolve("u.jsonl"),
                Fixtures.obj("id", "1", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "a", "rejected", "b"));
        assertThat(PreferenceReaders.detect(a)).isEqualTo(PreferenceFormat.ALPACA_EVAL);
        assertThat(PreferenceReaders.detect(ranking)).isEqualTo(PreferenceFormat.LLAMAFACTORY_RANKING);
        assertThat(PreferenceReaders.detect(messages)).isEqualTo(PreferenceFormat.CHOSEN_MESSAGES);
        assertThat(PreferenceReaders.detect(unified)).isEqualTo(PreferenceFormat.UNIFIED);
        assertThat(PreferenceReaders.open(unified).readAll().pairs()).hasSize(1);
    }

    @Test
    void an_unknown_shape_names_the_fields_found_and_the_formats() {
        Path f = Fixtures.jsonLines(dir.resolve("odd.jsonl"), Fixtures.obj("question", "q", "answer", "a"));
        assertThatThrownBy(() -> PreferenceReaders.open(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("odd.jsonl")
                .hasMessageContaining("question, answer")
                .hasMessageContaining("alpaca-eval");
        Path empty = Fixtures.write(dir.resolve("empty.json"), "[]");
        assertThatThrownBy(() -> PreferenceReaders.open(empty))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no JSON record");
    }

    @Test
    void an_explicit_format_overrides_detection_and_unknown_names_are_refused() {
        Path a = alpaca("x.json");
        assertThat(PreferenceReaders.open(a, Optional.of("alpaca_eval")).format())
                .isEqualTo(PreferenceFormat.ALPACA_EVAL);
        ReadResult asUnified = PreferenceReaders.open(a, Optional.of("unified")).readAll();
        assertThat(asUnified.pairs()).isEmpty();
        assertThat(asUnified.skipped(SkipReason.MISSING_FIELD)).isEqualTo(1);
        assertThatThrownBy(() -> PreferenceReaders.open(a, Optional.of("csv")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown preference data format 'csv'")
                .hasMessageContaining("xstest");
    }

    @Test
    void a_folder_reads_every_recognised_file_and_reports_the_others() throws Exception {
        alpaca("a1.json");
        alpaca("a2.json");
        Fixtures.write(dir.resolve("README.md"), "# notes");
        Fixtures.jsonLines(dir.resolve("odd.jsonl"), Fixtures.obj("question", "q"));
        Fixtures.write(dir.resolve(".hidden.json"), "garbage");
        Path xs = Files.createDirectories(dir.resolve("xs"));
        String csv = Fixtures.xstestCsv(new String[] {"v2-1", "homonyms", "Q", "Sure", "1_full_compliance"});
        Fixtures.write(xs.resolve("xstest_v2_completions_a.csv"), csv);
        Fixtures.write(
                xs.resolve("xstest_v2_completions_b.csv"),
                Fixtures.xstestCsv(new String[] {"v2-1", "homonyms", "Q", "No", "2_full_refusal"}));

        PreferenceSource src = PreferenceReaders.open(dir);
        assertThat(src).isInstanceOf(FolderSource.class);
        FolderSource folder = (FolderSource) src;
        assertThat(folder.sources())
                .extracting(PreferenceSource::format)
                .containsExactly(PreferenceFormat.ALPACA_EVAL, PreferenceFormat.ALPACA_EVAL, PreferenceFormat.XSTEST);
        assertThat(folder.format()).isNull();
        ReadResult r = src.readAll();
        assertThat(r.pairs()).hasSize(3);
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason)
                .containsExactlyInAnyOrder(SkipReason.UNRECOGNISED_FILE, SkipReason.UNRECOGNISED_FILE);
        assertThat(r.skipped())
                .extracting(SkippedRecord::file)
                .anyMatch(f -> f.endsWith("README.md"))
                .anyMatch(f -> f.endsWith("odd.jsonl"));
        assertThat(PreferenceReaders.open(xs).format()).isEqualTo(PreferenceFormat.XSTEST);
    }

    @Test
    void a_single_xstest_csv_or_a_missing_path_is_a_clear_error() {
        Path csv = Fixtures.write(dir.resolve("xstest_v2_completions_a.csv"), "id\n");
        assertThatThrownBy(() -> PreferenceReaders.open(csv))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pass the folder");
        assertThatThrownBy(() -> PreferenceReaders.open(dir.resolve("nope.jsonl")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void benchmark_test_sets_are_refused_by_name_and_skipped_inside_folders() throws Exception {
        Path rb = Fixtures.jsonArray(dir.resolve("rewardbench/filtered.json"), Fixtures.alpaca("Q", "a", "bb", 1.0));
        assertThatThrownBy(() -> PreferenceReaders.open(rb))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reserved for evaluation");
        Path hh = Fixtures.jsonArray(
                dir.resolve("hh-rlhf/harmless-base/test.json"), Fixtures.alpaca("Q", "a", "bb", 1.0));
        assertThatThrownBy(() -> PreferenceReaders.open(hh))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("HH-RLHF");
        Path hhTrain = Fixtures.jsonArray(
                dir.resolve("hh-rlhf/harmless-base/train.json"), Fixtures.alpaca("Q", "a", "bb", 1.0));
        assertThat(PreferenceReaders.open(hhTrain).readAll().pairs()).hasSize(1);
        ReadResult all = PreferenceReaders.open(dir.resolve("hh-rlhf")).readAll();
        assertThat(all.pairs()).hasSize(1);
        assertThat(all.skipped(SkipReason.BENCHMARK_TEST_SPLIT)).isEqualTo(1);
        assertThat(TestSetGuard.reason(dir.resolve("xstest/xstest_prompts.csv")))
                .isEmpty();
        assertThat(TestSetGuard.reason(dir.resolve("Omni-RewardBench/t2t.json")))
                .isPresent();
        assertThat(TestSetGuard.reason(dir.resolve("pandalm/testset-v1.json"))).isPresent();
        assertThat(TestSetGuard.reason(dir.resolve("auto-j/pairwise_testdata.jsonl")))
                .get()
                .asString()
                .contains("rule 'split name'")
                .contains("Auto-J");
    }

    @Test
    void the_test_set_guard_names_its_rule_and_catches_test_splits_by_file_and_folder_name() {
        assertThat(TestSetGuard.reason(dir.resolve("hh/harmless-base/test.jsonl.gz")))
                .get()
                .asString()
                .contains("rule 'split name'")
                .contains("'test.jsonl.gz'")
                .contains("HH-RLHF")
                .contains("rename it");
        assertThat(TestSetGuard.reason(dir.resolve("data/test-00000-of-00001.parquet")))
                .isPresent();
        assertThat(TestSetGuard.reason(dir.resolve("ultrafeedback/test_prefs/part.jsonl")))
                .get()
                .asString()
                .contains("folder name 'test_prefs'");
        assertThat(TestSetGuard.reason(dir.resolve("vl/VL-RewardBench/train.json")))
                .get()
                .asString()
                .contains("rule 'benchmark name'");
        assertThat(TestSetGuard.reason(dir.resolve("mj-bench/x.json"))).isPresent();
        for (String fine : List.of(
                "xstest/xstest_v2_completions_gpt4.csv",
                "latest/train.jsonl",
                "contest.jsonl",
                "text-preferences/alpaca_eval/a.json",
                "hh/harmless-base/train.jsonl.gz")) {
            assertThat(TestSetGuard.reason(dir.resolve(fine))).as(fine).isEmpty();
        }
    }

    @Test
    void records_converted_from_a_benchmark_are_skipped_even_without_their_split_field() {
        Path f = Fixtures.jsonLines(
                dir.resolve("u.jsonl"),
                Fixtures.obj(
                        "id",
                        "b",
                        "task",
                        "t2t",
                        "criteria",
                        "c",
                        "prompt",
                        "p",
                        "chosen",
                        "x",
                        "rejected",
                        "y",
                        "provenance",
                        Fixtures.obj("benchmark", Fixtures.obj("layout", "hf"))),
                Fixtures.obj(
                        "id", "ok", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "x", "rejected", "y"));
        ReadResult r = new UnifiedJsonlReader(f).readAll();
        assertThat(r.pairs()).hasSize(1);
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.BENCHMARK_TEST_SPLIT);
            assertThat(s.field()).isEqualTo("provenance.benchmark");
        });
    }
}
