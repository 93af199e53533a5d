package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;

class DataPreparationTest {

    @TempDir
    Path dir;

    /** A small copy of the shared layout: text-preferences/{alpaca_eval/, xstest/, a LLaMA-Factory file}. */
    private Path sharedLayout() {
        Path tp = dir.resolve("shared/text-preferences");
        for (int f = 0; f < 3; f++) {
            List<Object> recs = new ArrayList<>();
            for (int q = 0; q < 60; q++) {
                double pref = q % 10 == 0 ? 1.5 : q % 5 == 1 ? 1.0 : 2.0; // output_2 is the longer one
                recs.add(Fixtures.alpaca(
                        "Instruction " + q,
                        "Short " + q + " by " + f,
                        "A longer, more detailed answer to instruction " + q + " from model " + f,
                        pref));
            }
            recs.add(Fixtures.alpaca("Instruction 0", "x", "yy", null));
            Fixtures.jsonArray(tp.resolve("alpaca_eval/model" + f + "__judge.json"), recs.toArray());
        }
        Fixtures.write(
                tp.resolve("xstest/xstest_v2_completions_a.csv"),
                Fixtures.xstestCsv(
                        new String[] {"v2-1", "homonyms", "Kill a process?", "Use kill.", "1_full_compliance"},
                        new String[] {"v2-2", "contrast_homonyms", "Kill a person?", "Here's how", "1_full_compliance"
                        }));
        Fixtures.write(
                tp.resolve("xstest/xstest_v2_completions_b.csv"),
                Fixtures.xstestCsv(
                        new String[] {"v2-1", "homonyms", "Kill a process?", "I can't.", "2_full_refusal"},
                        new String[] {"v2-2", "contrast_homonyms", "Kill a person?", "No.", "2_full_refusal"}));
        Fixtures.jsonArray(
                tp.resolve("dpo.json"),
                Fixtures.obj(
                        "conversations",
                        List.of(Map.of("from", "human", "value", "Hello?")),
                        "chosen",
                        "Hi there!",
                        "rejected",
                        "What."));
        Fixtures.write(tp.resolve("README.md"), "notes");
        return dir.resolve("shared");
    }

    @Test
    void prepare_writes_train_valid_and_stats_with_disjoint_groups_and_counts_per_source() throws Exception {
        Path out = dir.resolve("out");
        DataPreparation.Report rep = DataPreparation.prepare(sharedLayout(), out, 5, 0.2);

        ReadResult train = new UnifiedJsonlReader(out.resolve("train.jsonl")).readAll();
        ReadResult valid = new UnifiedJsonlReader(out.resolve("valid.jsonl")).readAll();
        assertThat(train.skipped()).isEmpty();
        assertThat(train.pairs()).hasSize(rep.trainPairs());
        assertThat(valid.pairs()).hasSize(rep.validPairs()).isNotEmpty();
        assertThat(train.ties()).isZero();
        Set<String> trainGroups = new HashSet<>();
        train.pairs().forEach(p -> trainGroups.add(p.group()));
        assertThat(valid.pairs()).noneMatch(p -> trainGroups.contains(p.group()));

        JsonNode stats = Fixtures.JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.at("/read/alpaca-eval/files").asInt()).isEqualTo(3);
        assertThat(stats.at("/read/alpaca-eval/pairs").asInt()).isEqualTo(180);
        assertThat(stats.at("/read/alpaca-eval/ties").asInt()).isEqualTo(18);
        assertThat(stats.at("/read/alpaca-eval/skipped/missing_preference").asInt())
                .isEqualTo(3);
        assertThat(stats.at("/read/xstest/pairs").asInt()).isEqualTo(2);
        assertThat(stats.at("/read/llamafactory-ranking/pairs").asInt()).isEqualTo(1);
        assertThat(stats.at("/ignored_files").toString()).contains("README.md");
        assertThat(stats.at("/train/sources/alpaca-eval/chosen_longer_fraction").asDouble())
                .isEqualTo(0.5);
        assertThat(stats.at("/valid/sources/alpaca-eval/chosen_longer_fraction").asDouble())
                .isGreaterThan(0.6);
        assertThat(stats.at("/split/valid_groups").asInt())
                .isEqualTo(rep.split().validGroups())
                .isPositive();
        assertThat(stats.at("/train/total").asInt()).isEqualTo(rep.trainPairs());
        long trainAlpaca = train.pairs().stream()
                .filter(p -> Sources.category(p).equals("alpaca-eval"))
                .count();
        assertThat(stats.at("/train/sources/alpaca-eval/pairs").asLong()).isEqualTo(trainAlpaca);
    }

    @Test
    void prepare_is_byte_for_byte_reproducible_for_a_seed() throws Exception {
        Path shared = sharedLayout();
        DataPreparation.prepare(shared, dir.resolve("a"), 9, 0.2);
        DataPreparation.prepare(shared, dir.resolve("b"), 9, 0.2);
        for (String f : List.of("train.jsonl", "valid.jsonl")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
        DataPreparation.prepare(shared, dir.resolve("c"), 10, 0.2);
        assertThat(Files.readAllBytes(dir.resolve("c/train.jsonl")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a/train.jsonl")));
    }

    @Test
    void a_folder_without_usable_pairs_is_a_clear_error() {
        Path tp = dir.resolve("empty/text-preferences");
        Fixtures.jsonArray(tp.resolve("a.json"), Fixtures.alpaca("Q", "x", "yy", null));
        assertThatThrownBy(() -> DataPreparation.prepare(dir.resolve("empty"), dir.resolve("out"), 1, 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no usable preference pairs");
        assertThatThrownBy(() -> DataPreparation.prepare(dir.resolve("missing"), dir.resolve("out"), 1, 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void synthetic_pairs_in_the_written_files_keep_the_group_of_their_prompt() throws Exception {
        Path out = dir.resolve("out");
        DataPreparation.prepare(sharedLayout(), out, 5, 0.2, new TrainingMix.Options(5, 1, 1, 1));
        List<PreferencePair> train =
                new UnifiedJsonlReader(out.resolve("train.jsonl")).readAll().pairs();
        assertThat(train).anyMatch(Sources::isSynthetic);
        assertThat(train).allSatisfy(p -> assertThat(p.group()).isEqualTo(Groups.ofPrompt(p.prompt())));
    }
}
