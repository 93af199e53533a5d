package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;
import org.omnireward.testing.SharedTestData;

/**
 * Reads the real preference files in {@code ../shared/data/text-preferences} (in place) and prints
 * the counts per source that the report quotes.
 */
class SharedPreferenceDataIT {

    static Path data;

    @TempDir
    Path out;

    @BeforeAll
    static void findSharedData() {
        data = SharedTestData.require("SharedPreferenceDataIT").resolve("text-preferences");
    }

    @Test
    void
            alpaca_eval_annotations_give_decisive_pairs_ties_and_missing_with_the_longer_answer_preferred_about_84_percent() {
        PreferenceSource src = PreferenceReaders.open(data.resolve("alpaca_eval"));
        assertThat(src.format()).isEqualTo(PreferenceFormat.ALPACA_EVAL);
        ReadResult r = src.readAll();
        List<PreferencePair> decisive = r.decisivePairs();
        double longer = LengthBalance.chosenLongerFraction(decisive);
        Set<String> groups = new HashSet<>();
        r.pairs().forEach(p -> groups.add(p.group()));
        System.out.printf(
                "[alpaca-eval] files=%d pairs=%d ties=%d decisive=%d skipped=%s chosen-longer=%.4f"
                        + " length-balanced=%d groups=%d%n",
                src.files().size(),
                r.pairs().size(),
                r.ties(),
                decisive.size(),
                r.skippedByReason(),
                longer,
                decisive.stream().filter(LengthBalance::isLengthBalanced).count(),
                groups.size());
        assertThat(src.files()).hasSize(45);
        assertThat(r.skipped(SkipReason.MISSING_PREFERENCE)).isEqualTo(25);
        assertThat(r.pairs().size() + r.skippedCount()).isEqualTo(36_223);
        assertThat(longer).isBetween(0.80, 0.88);
        assertThat(groups).hasSize(805);
    }

    @Test
    void xstest_folder_gives_safety_pairs_by_human_label() {
        XsTestReader x = new XsTestReader(data.resolve("xstest"));
        ReadResult r = new ReadResult("xstest");
        List<XsTestReader.Completion> cs = x.readCompletions(r);
        XsTestReader.safetyPairs(cs, r);
        System.out.printf(
                "[xstest] completions=%d pairs=%d skipped=%s chosen-longer=%.4f notes=%s%n",
                cs.size(),
                r.pairs().size(),
                r.skippedByReason(),
                LengthBalance.chosenLongerFraction(r.pairs()),
                r.notes());
        assertThat(cs).hasSize(2250);
        assertThat(r.pairs())
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.criteria()).isEqualTo(Criteria.SAFETY));
        assertThat(r.notes()).anyMatch(n -> n.contains("v2-195"));
        List<PreferencePair> refusal = new CriterionSynthesis(1).refusalPairs(cs);
        System.out.printf("[xstest] declines/complies synthetic pairs=%d%n", refusal.size());
    }

    @Test
    void llamafactory_files_are_detected_and_read_without_loss() {
        ReadResult ranking = PreferenceReaders.open(data.resolve("llamafactory_dpo_en_demo.json"))
                .readAll();
        ReadResult messages = PreferenceReaders.open(data.resolve("llamafactory_v1_dpo_demo.jsonl"))
                .readAll();
        System.out.printf(
                "[llamafactory-ranking] pairs=%d skipped=%s chosen-longer=%.4f system-criteria=%d%n",
                ranking.pairs().size(),
                ranking.skippedByReason(),
                LengthBalance.chosenLongerFraction(ranking.pairs()),
                ranking.pairs().stream()
                        .filter(p -> !p.criteria().equals(Criteria.GENERAL))
                        .count());
        System.out.printf(
                "[chosen-messages] pairs=%d skipped=%s chosen-longer=%.4f%n",
                messages.pairs().size(),
                messages.skippedByReason(),
                LengthBalance.chosenLongerFraction(messages.pairs()));
        assertThat(ranking.pairs().size() + ranking.skippedCount()).isEqualTo(300);
        assertThat(ranking.pairs()).hasSizeGreaterThan(290);
        assertThat(messages.pairs().size() + messages.skippedCount()).isEqualTo(10);
    }

    @Test
    void prepare_writes_a_length_balanced_train_set_and_a_group_disjoint_valid_set() throws Exception {
        long t0 = System.nanoTime();
        DataPreparation.Report rep = DataPreparation.prepare(data.getParent(), out, 42, 0.1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[prepare] " + ms + " ms; train=" + rep.trainPairs() + " valid=" + rep.validPairs());
        System.out.println("[prepare] split " + rep.split());
        System.out.println("[prepare] stats.json:\n" + Files.readString(rep.statsFile()));
        assertThat(rep.trainMix().sources().get("alpaca-eval").chosenLongerFraction())
                .isEqualTo(0.5);
        assertThat(rep.validMix().sources().get("alpaca-eval").chosenLongerFraction())
                .isBetween(0.78, 0.90);
        ReadResult trainRead = new UnifiedJsonlReader(rep.train()).readAll();
        ReadResult validRead = new UnifiedJsonlReader(rep.valid()).readAll();
        assertThat(trainRead.skipped()).isEmpty();
        assertThat(validRead.skipped()).isEmpty();
        List<PreferencePair> train = trainRead.pairs();
        List<PreferencePair> valid = validRead.pairs();
        assertThat(train).hasSize(rep.trainPairs());
        assertThat(valid).hasSize(rep.validPairs());
        Set<String> trainGroups = new HashSet<>();
        train.forEach(p -> trainGroups.add(p.group()));
        assertThat(valid).noneMatch(p -> trainGroups.contains(p.group()));
        JsonNode stats = new ObjectMapper().readTree(rep.statsFile().toFile());
        assertThat(stats.at("/read/alpaca-eval/skipped/missing_preference").asInt())
                .isEqualTo(25);
    }
}
