package org.omnireward.data.mix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Sources;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.testing.SharedTestData;

/**
 * The shipped recipes on the real shared data ({@code data prepare} and {@code data prepare-rm}), read
 * in place; prints the counts per output that docs/preference-format.md and docs/rm-model.md quote.
 */
class ShippedRecipesIT {

    static Path shared;

    @TempDir
    Path out;

    @BeforeAll
    static void findSharedData() {
        shared = SharedTestData.require("ShippedRecipesIT");
    }

    @Test
    void prepare_writes_a_length_balanced_train_set_and_a_group_disjoint_valid_set() throws Exception {
        long t0 = System.nanoTime();
        PreparedData.Prepared rep = PreparedData.prepare(shared, out, 42, 0.1, null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[prepare] " + ms + " ms; train=" + rep.mix().trainRecords() + " valid="
                + rep.mix().validRecords());
        System.out.println("[prepare] stats.json:\n" + Files.readString(rep.statsFile()));
        PreparedData.SourceStats trainAlpaca = rep.stats().train().sources().get("alpaca-eval");
        assertThat(trainAlpaca.chosenLonger())
                .isEqualTo(trainAlpaca.chosenShorter())
                .isGreaterThan(4_000);
        assertThat(rep.stats().valid().sources().get("alpaca-eval").chosenLongerFraction())
                .isBetween(0.78, 0.90);
        for (String kind : List.of("concise", "detailed", "list", "prose", "declines", "complies")) {
            assertThat(rep.stats().train().sources().get("synthetic:" + kind).pairs())
                    .as(kind)
                    .isPositive();
        }
        PreparedData.SourceStats list = rep.stats().train().sources().get("synthetic:list");
        assertThat(list.chosenLonger()).isEqualTo(list.chosenShorter());
        List<PreferencePair> train = readAll(rep.train(), rep.mix().trainRecords());
        List<PreferencePair> valid = readAll(rep.valid(), rep.mix().validRecords());
        assertThat(train).noneMatch(PreferencePair::tie);
        Set<String> trainGroups = new HashSet<>();
        train.forEach(p -> trainGroups.add(p.group()));
        assertThat(valid).noneMatch(p -> trainGroups.contains(p.group()));
        JsonNode stats = new ObjectMapper().readTree(rep.statsFile().toFile());
        assertThat(stats.at("/read/alpaca-eval/skipped/missing_preference").asInt())
                .isEqualTo(25);
        assertThat(stats.at("/read/alpaca-eval/files").asInt()).isEqualTo(45);
        assertThat(stats.at("/read/xstest/pairs").asInt()).isEqualTo(1565);
    }

    @Test
    void prepare_rm_caps_every_category_on_each_side_and_keeps_flips_and_quality_pairs() throws Exception {
        PreparedData.PreparedRm rep = PreparedData.prepareRm(shared, out, 42, 400, 40, null);
        System.out.println("[prepare-rm] stats.json:\n" + Files.readString(rep.statsFile()));
        Map<String, Long> train = rep.stats().train();
        assertThat(train.keySet())
                .containsExactlyInAnyOrder(
                        "alpaca-eval",
                        "arena-bench",
                        "finegrained-qa",
                        "flip",
                        "newsroom",
                        "synthetic:key-removed",
                        "synthetic:padded",
                        "synthetic:repeated",
                        "wmt-mqm",
                        "xstest");
        assertThat(train.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 400L));
        assertThat(rep.stats().valid().values()).allSatisfy(n -> assertThat(n).isBetween(1L, 40L));
        List<PreferencePair> pairs = readAll(rep.train(), rep.mix().trainRecords());
        assertThat(pairs.stream().filter(p -> Sources.category(p).equals("flip")))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.id()).contains("~flip~"));
    }

    private static List<PreferencePair> readAll(Path file, long expected) {
        ReadResult r = new UnifiedJsonlReader(file).readAll();
        assertThat(r.skipped()).isEmpty();
        assertThat(r.pairs()).hasSize((int) expected);
        return r.pairs();
    }
}
