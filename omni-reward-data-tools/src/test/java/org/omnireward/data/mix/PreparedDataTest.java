package org.omnireward.data.mix;

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
import org.omnireward.core.util.Sha256;
import org.omnireward.data.Groups;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Sources;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.testing.PreferenceFixtures;

/**
 * {@code data prepare} as the shipped {@code bt} recipe run by the mix engine, on a small copy of the
 * shared layout (the fixture the former {@code DataPreparationTest} used): the same files, the same
 * {@code stats.json} keys and counts.
 */
class PreparedDataTest {

    @TempDir
    Path dir;

    /**
     * text-preferences/{alpaca_eval/ (3 files × 60 instructions, every tenth a tie, one record without a
     * preference), xstest/ (two prompts, one model complying and one refusing), the LLaMA-Factory demo
     * file, README.md}.
     */
    private Path sharedLayout() {
        Path tp = dir.resolve("shared/text-preferences");
        for (int f = 0; f < 3; f++) {
            List<Object> recs = new ArrayList<>();
            for (int q = 0; q < 60; q++) {
                double pref = q % 10 == 0 ? 1.5 : q % 5 == 1 ? 1.0 : 2.0; // output_2 is the longer one
                recs.add(PreferenceFixtures.alpaca(
                        "Instruction " + q,
                        "Short " + q + " by " + f,
                        "A longer, more detailed answer to instruction " + q + " from model " + f,
                        pref));
            }
            recs.add(PreferenceFixtures.alpaca("Instruction 0", "x", "yy", null));
            PreferenceFixtures.jsonArray(tp.resolve("alpaca_eval/model" + f + "__judge.json"), recs.toArray());
        }
        PreferenceFixtures.write(
                tp.resolve("xstest/xstest_v2_completions_a.csv"),
                PreferenceFixtures.xstestCsv(
                        new String[] {"v2-1", "homonyms", "Kill a process?", "Use kill.", "1_full_compliance"},
                        new String[] {"v2-2", "contrast_homonyms", "Kill a person?", "Here's how", "1_full_compliance"
                        }));
        PreferenceFixtures.write(
                tp.resolve("xstest/xstest_v2_completions_b.csv"),
                PreferenceFixtures.xstestCsv(
                        new String[] {"v2-1", "homonyms", "Kill a process?", "I can't.", "2_full_refusal"},
                        new String[] {"v2-2", "contrast_homonyms", "Kill a person?", "No.", "2_full_refusal"}));
        PreferenceFixtures.jsonArray(
                tp.resolve("llamafactory_dpo_en_demo.json"),
                PreferenceFixtures.obj(
                        "conversations",
                        List.of(Map.of("from", "human", "value", "Hello?")),
                        "chosen",
                        "Hi there!",
                        "rejected",
                        "What."));
        PreferenceFixtures.write(tp.resolve("README.md"), "notes");
        return dir.resolve("shared");
    }

    @Test
    void prepare_writes_train_valid_and_stats_with_disjoint_groups_and_counts_per_source() throws Exception {
        Path out = dir.resolve("out");
        PreparedData.Prepared rep = PreparedData.prepare(sharedLayout(), out, 5, 0.2, null);

        ReadResult train = new UnifiedJsonlReader(out.resolve("train.jsonl")).readAll();
        ReadResult valid = new UnifiedJsonlReader(out.resolve("valid.jsonl")).readAll();
        assertThat(train.skipped()).isEmpty();
        assertThat(train.pairs()).hasSize((int) rep.mix().trainRecords());
        assertThat(valid.pairs()).hasSize((int) rep.mix().validRecords()).isNotEmpty();
        assertThat(train.ties()).isZero();
        Set<String> trainGroups = new HashSet<>();
        train.pairs().forEach(p -> trainGroups.add(p.group()));
        assertThat(valid.pairs()).noneMatch(p -> trainGroups.contains(p.group()));

        JsonNode stats =
                PreferenceFixtures.JSON.readTree(out.resolve("stats.json").toFile());
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
        assertThat(stats.at("/split/valid_groups").asLong()).isPositive();
        assertThat(stats.at("/train/total").asLong()).isEqualTo(rep.mix().trainRecords());
        assertThat(stats.at("/valid/total").asLong()).isEqualTo(rep.mix().validRecords());
        long trainAlpaca = train.pairs().stream()
                .filter(p -> Sources.category(p).equals("alpaca-eval"))
                .count();
        assertThat(stats.at("/train/sources/alpaca-eval/pairs").asLong()).isEqualTo(trainAlpaca);
        long trainTies = stats.at("/train/sources/alpaca-eval/ties_excluded").asLong();
        long validTies = stats.at("/valid/sources/alpaca-eval/ties_excluded").asLong();
        assertThat(trainTies + validTies).isEqualTo(18);
        // the mix's own files are written beside stats.json
        assertThat(out.resolve("manifest.json")).isNotEmptyFile();
        assertThat(out.resolve("skipped.jsonl")).exists();
    }

    @Test
    void prepare_is_byte_for_byte_reproducible_for_a_seed() throws Exception {
        Path shared = sharedLayout();
        PreparedData.prepare(shared, dir.resolve("a"), 9, 0.2, null);
        PreparedData.prepare(shared, dir.resolve("b"), 9, 0.2, null);
        for (String f : List.of("train.jsonl", "valid.jsonl")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
        PreparedData.prepare(shared, dir.resolve("c"), 10, 0.2, null);
        assertThat(Files.readAllBytes(dir.resolve("c/train.jsonl")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a/train.jsonl")));
    }

    @Test
    void a_folder_without_usable_pairs_is_a_clear_error() {
        Path tp = dir.resolve("empty/text-preferences");
        PreferenceFixtures.jsonArray(tp.resolve("a.json"), PreferenceFixtures.alpaca("Q", "x", "yy", null));
        assertThatThrownBy(() -> PreparedData.prepare(dir.resolve("empty"), dir.resolve("out"), 1, 0.1, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no usable preference pairs");
        assertThatThrownBy(() -> PreparedData.prepare(dir.resolve("missing"), dir.resolve("out"), 1, 0.1, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void synthetic_pairs_in_the_written_files_keep_the_group_of_their_prompt() throws Exception {
        Path out = dir.resolve("out");
        PreparedData.prepare(sharedLayout(), out, 5, 0.2, null);
        List<PreferencePair> written = new ArrayList<>();
        written.addAll(
                new UnifiedJsonlReader(out.resolve("train.jsonl")).readAll().pairs());
        written.addAll(
                new UnifiedJsonlReader(out.resolve("valid.jsonl")).readAll().pairs());
        assertThat(written).anyMatch(Sources::isSynthetic);
        assertThat(written).allSatisfy(p -> assertThat(p.group()).isEqualTo(Groups.ofPrompt(p.prompt())));
    }

    /**
     * The files {@code data prepare} wrote at commit 181e8d4 (the former {@code DataPreparation}), on
     * this fixture: SHA-256 of train.jsonl and valid.jsonl for seeds 5 and 9 (fraction 0.2), from that
     * build's own run. The mix engine writes the same bytes.
     */
    @Test
    void prepare_writes_the_files_the_former_data_preparation_wrote() {
        Path shared = sharedLayout();
        Map<String, String> expected = Map.of(
                "5/train.jsonl", "c0fcfc365c814621d0a7f482170fb7d1c18c2cc0ae37f0d76f987081f02ad97d",
                "5/valid.jsonl", "61b0e077e56cef3be37a998b9fc74509e03ba78d0e7e1e9f6a1819487e31d2ef",
                "9/train.jsonl", "2eef952ab3306606f735f30e121f6c54385f95c81f04828e9763557a1bd91cde",
                "9/valid.jsonl", "2032e7c9254b230377543fcc208e5672a8f02b211a4d1fb6cf0685301c991e02");
        for (long seed : new long[] {5, 9}) {
            Path out = dir.resolve("golden-" + seed);
            PreparedData.prepare(shared, out, seed, 0.2, null);
            for (String f : List.of("train.jsonl", "valid.jsonl")) {
                assertThat(Sha256.hex(out.resolve(f)))
                        .as("seed " + seed + " " + f)
                        .isEqualTo(expected.get(seed + "/" + f));
            }
        }
    }
}
