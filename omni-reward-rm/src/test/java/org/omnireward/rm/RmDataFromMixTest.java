package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.NewsroomReader;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.Sources;
import org.omnireward.data.Splits;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.mix.Recipe;
import org.omnireward.testing.SharedTestData;

/**
 * The full data of {@code train rm}: the recipe {@code recipes/rm-pairs.yaml} names every source
 * that exists in the shared folder, and {@code data prepare-rm --mix} adds the derived pairs (here the
 * Newsroom criterion flips) on the side of the mix that holds their article, never on both.
 */
class RmDataFromMixTest {

    @TempDir
    Path dir;

    @Test
    void the_recipe_reads_and_every_source_exists() {
        SharedTestData.require("RmDataFromMixTest");
        Path recipe = projectRoot().resolve("recipes/rm-pairs.yaml");
        Recipe r = Recipe.load(recipe);
        assertThat(r.sources())
                .extracting(Recipe.Source::name)
                .contains(
                        "arena-bench",
                        "finegrained-qa",
                        "newsroom",
                        "wmt-mqm-ende",
                        "wmt-mqm-zhen",
                        "xstest",
                        "alpaca-eval",
                        "llamafactory-dpo-en",
                        "llamafactory-v1-dpo");
        for (Recipe.Source s : r.sources()) {
            assertThat(Files.exists(s.path())).as(s.name() + " " + s.path()).isTrue();
        }
    }

    @Test
    void derived_pairs_stay_on_the_side_of_their_group() throws Exception {
        Path shared = SharedTestData.require("RmDataFromMixTest");
        Path newsroom = shared.resolve("text-preferences/newsroom-humaneval/newsroom.json");
        List<PreferencePair> real = new ArrayList<>(new NewsroomReader(newsroom, NewsroomReader.DEFAULT_MIN_GAP)
                .readAll()
                .decisivePairs());
        Splits.Split split = Splits.split(real, 7, 0.2);
        Path mix = Files.createDirectories(dir.resolve("mix"));
        UnifiedJsonlWriter.writeAll(mix.resolve("train.jsonl"), split.train());
        UnifiedJsonlWriter.writeAll(mix.resolve("valid.jsonl"), split.valid());

        List<String> log = new ArrayList<>();
        RmDataPreparation.Stats stats =
                new RmDataPreparation(shared, 42, 100_000, 100_000).writeFromMix(mix, dir.resolve("out"), log::add);

        List<PreferencePair> train =
                PreferenceReaders.open(dir.resolve("out/train.jsonl")).readAll().decisivePairs();
        List<PreferencePair> valid =
                PreferenceReaders.open(dir.resolve("out/valid.jsonl")).readAll().decisivePairs();
        assertThat(stats.train()).containsKeys("newsroom", "flip");
        assertThat(stats.valid()).containsKeys("newsroom", "flip");
        Set<String> trainGroups = new HashSet<>();
        train.forEach(p -> trainGroups.add(p.group()));
        for (PreferencePair p : valid) {
            assertThat(trainGroups).as("group of %s", p.id()).doesNotContain(p.group());
        }
        assertThat(train.stream().filter(p -> Sources.category(p).equals("newsroom")))
                .hasSize(split.train().size());
        assertThat(log).anyMatch(l -> l.startsWith("valid subsets: length-adversarial"));
    }

    @Test
    void a_folder_that_is_not_a_mix_is_refused() throws Exception {
        Path shared = SharedTestData.require("RmDataFromMixTest");
        assertThatThrownBy(() -> new RmDataPreparation(shared, 42, 10, 10).writeFromMix(dir, dir.resolve("o"), l -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a data mix folder")
                .hasMessageContaining("train.jsonl");
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("recipes")) && Files.isRegularFile(p.resolve("omni-reward"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project folder above " + Path.of("").toAbsolutePath());
    }
}
