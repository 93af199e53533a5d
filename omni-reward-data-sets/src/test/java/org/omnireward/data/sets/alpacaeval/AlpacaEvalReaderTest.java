package org.omnireward.data.sets.alpacaeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.Criteria;
import org.omnireward.data.ReadResult;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.testing.PreferenceFixtures;

class AlpacaEvalReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"1.0,OUTPUT_1", "1.44,OUTPUT_1", "1.45,TIE", "1.5,TIE", "1.55,TIE", "1.56,OUTPUT_2", "2.0,OUTPUT_2"})
    void preference_thresholds_are_strict_at_1_45_and_1_55(
            double preference, AlpacaEvalReader.PreferredOutput expected) {
        assertThat(AlpacaEvalReader.preferredOutput(preference)).isEqualTo(expected);
    }

    @Test
    void file_records_become_oriented_pairs_ties_and_counted_missing_preferences() {
        Path f = PreferenceFixtures.jsonArray(
                dir.resolve("alpaca_eval/m__judge.json"),
                PreferenceFixtures.alpaca("Q1", "one", "two two", 1.44),
                PreferenceFixtures.alpaca("Q2", "one", "two two", 1.45),
                PreferenceFixtures.alpaca("Q3", "one", "two two", 1.5),
                PreferenceFixtures.alpaca("Q4", "one", "two two", 1.55),
                PreferenceFixtures.alpaca("Q5", "one", "two two", 1.56),
                PreferenceFixtures.alpaca("Q6", "one", "two two", null));
        ReadResult r = new AlpacaEvalReader(f).readAll();

        assertThat(r.pairs()).hasSize(5);
        PreferencePair q1 = r.pairs().get(0);
        assertThat(q1.chosen().requireText()).isEqualTo("one");
        assertThat(q1.rejected().requireText()).isEqualTo("two two");
        assertThat(q1.tie()).isFalse();
        assertThat(r.pairs().subList(1, 4)).allSatisfy(p -> {
            assertThat(p.tie()).isTrue();
            assertThat(p.chosen().requireText()).isEqualTo("one");
        });
        PreferencePair q5 = r.pairs().get(4);
        assertThat(q5.chosen().requireText()).isEqualTo("two two");
        assertThat(q5.tie()).isFalse();
        assertThat(r.ties()).isEqualTo(3);
        assertThat(r.skipped(SkipReason.MISSING_PREFERENCE)).isEqualTo(1);
        assertThat(r.skipped().get(0).record()).isEqualTo("record 5");
        assertThat(r.pairs()).allSatisfy(p -> assertThat(p.criteria()).isEqualTo(Criteria.GENERAL));
        assertThat(q1.source()).isEqualTo("alpaca-eval:alpaca_eval/m__judge.json#0");
        assertThat(q1.id()).isEqualTo(q1.source());
    }

    @Test
    void the_same_instruction_gets_the_same_group_in_every_file_despite_spacing_and_case() {
        Path a = PreferenceFixtures.jsonArray(
                dir.resolve("a.json"), PreferenceFixtures.alpaca("Name  three  colours.", "x", "yy", 1.0));
        Path b = PreferenceFixtures.jsonArray(
                dir.resolve("b.json"),
                PreferenceFixtures.alpaca("name three colours.\n", "p", "qq", 2.0),
                PreferenceFixtures.alpaca("Another one", "p", "qq", 2.0));
        String ga = new AlpacaEvalReader(a).readAll().pairs().get(0).group();
        var rb = new AlpacaEvalReader(b).readAll().pairs();
        assertThat(rb.get(0).group()).isEqualTo(ga);
        assertThat(rb.get(1).group()).isNotEqualTo(ga);
    }

    @Test
    void bad_records_are_skipped_with_field_and_reason_and_the_rest_is_read() {
        var noOutput = PreferenceFixtures.alpaca("Q", "a", "b", 1.0);
        noOutput.remove("output_2");
        var textPref = PreferenceFixtures.alpaca("Q", "a", "b", "1.0");
        Path f = PreferenceFixtures.jsonArray(
                dir.resolve("bad.json"),
                noOutput,
                textPref,
                PreferenceFixtures.alpaca("Q", "same", " same ", 1.0),
                PreferenceFixtures.alpaca("Q", "zero", "zero", 0.0),
                PreferenceFixtures.alpaca("Q", "a", "b", 2.5),
                PreferenceFixtures.alpaca("Q", "a", "  ", 1.0),
                PreferenceFixtures.alpaca(" ", "a", "b", 1.0),
                42,
                PreferenceFixtures.alpaca("Good", "a", "b", 1.0));
        ReadResult r = new AlpacaEvalReader(f).readAll();
        assertThat(r.pairs()).extracting(PreferencePair::prompt).containsExactly("Good");
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason)
                .containsExactly(
                        SkipReason.MISSING_FIELD,
                        SkipReason.WRONG_TYPE,
                        SkipReason.IDENTICAL_RESPONSES,
                        SkipReason.IDENTICAL_RESPONSES,
                        SkipReason.INVALID_VALUE,
                        SkipReason.EMPTY_TEXT,
                        SkipReason.EMPTY_TEXT,
                        SkipReason.MALFORMED);
        assertThat(r.skipped().get(0).field()).isEqualTo("output_2");
        assertThat(r.skipped().get(0).file()).endsWith("bad.json");
        assertThat(r.skipped().get(4).detail()).contains("2.5").contains("outside [1, 2]");
        assertThat(r.skipped().get(5).field()).isEqualTo("output_2");
        assertThat(r.skipped().get(7).record()).isEqualTo("record 7");
    }

    @Test
    void broken_json_syntax_stops_with_file_line_and_column() {
        Path f = PreferenceFixtures.write(
                dir.resolve("broken.json"),
                "[\n {\"instruction\": \"Q\", \"output_1\": \"a\",\n"
                        + "  \"output_2\": \"b\", \"preference\": 1.0},\n {\"instruction\": \"Q\" \"oops\"}\n]");
        assertThatThrownBy(() -> new AlpacaEvalReader(f).readAll())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("broken.json")
                .hasMessageContaining("line 4");
    }

    @Test
    void records_marked_as_a_test_split_are_never_read() {
        var test = PreferenceFixtures.alpaca("Q", "a", "bb", 1.0);
        test.put("datasplit", "test");
        var eval = PreferenceFixtures.alpaca("Q", "a", "bb", 1.0);
        eval.put("datasplit", "eval");
        ReadResult r = new AlpacaEvalReader(PreferenceFixtures.jsonArray(dir.resolve("s.json"), test, eval)).readAll();
        assertThat(r.pairs()).hasSize(1);
        assertThat(r.skipped(SkipReason.BENCHMARK_TEST_SPLIT)).isEqualTo(1);
    }
}
