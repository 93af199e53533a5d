package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;

class AlpacaEvalReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"1.0,OUTPUT_1", "1.44,OUTPUT_1", "1.45,TIE", "1.5,TIE", "1.55,TIE", "1.56,OUTPUT_2", "2.0,OUTPUT_2"})
    void preference_thresholds_are_strict_at_1_45_and_1_55(double preference, AlpacaEvalReader.Verdict expected) {
        assertThat(AlpacaEvalReader.verdict(preference)).isEqualTo(expected);
    }

    @Test
    void file_records_become_oriented_pairs_ties_and_counted_missing_preferences() {
        Path f = Fixtures.jsonArray(
                dir.resolve("alpaca_eval/m__judge.json"),
                Fixtures.alpaca("Q1", "one", "two two", 1.44),
                Fixtures.alpaca("Q2", "one", "two two", 1.45),
                Fixtures.alpaca("Q3", "one", "two two", 1.5),
                Fixtures.alpaca("Q4", "one", "two two", 1.55),
                Fixtures.alpaca("Q5", "one", "two two", 1.56),
                Fixtures.alpaca("Q6", "one", "two two", null));
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
        Path a = Fixtures.jsonArray(dir.resolve("a.json"), Fixtures.alpaca("Name  three  colours.", "x", "yy", 1.0));
        Path b = Fixtures.jsonArray(
                dir.resolve("b.json"),
                Fixtures.alpaca("name three colours.\n", "p", "qq", 2.0),
                Fixtures.alpaca("Another one", "p", "qq", 2.0));
        String ga = new AlpacaEvalReader(a).readAll().pairs().get(0).group();
        var rb = new AlpacaEvalReader(b).readAll().pairs();
        assertThat(rb.get(0).group()).isEqualTo(ga);
        assertThat(rb.get(1).group()).isNotEqualTo(ga);
    }

    @Test
    void bad_records_are_skipped_with_field_and_reason_and_the_rest_is_read() {
        var noOutput = Fixtures.alpaca("Q", "a", "b", 1.0);
        noOutput.remove("output_2");
        var textPref = Fixtures.alpaca("Q", "a", "b", "1.0");
        Path f = Fixtures.jsonArray(
                dir.resolve("bad.json"),
                noOutput,
                textPref,
                Fixtures.alpaca("Q", "same", " same ", 1.0),
                Fixtures.alpaca("Q", "zero", "zero", 0.0),
                Fixtures.alpaca("Q", "a", "b", 2.5),
                Fixtures.alpaca("Q", "a", "  ", 1.0),
                Fixtures.alpaca(" ", "a", "b", 1.0),
                42,
                Fixtures.alpaca("Good", "a", "b", 1.0));
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
        Path f = Fixtures.write(
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
        var test = Fixtures.alpaca("Q", "a", "bb", 1.0);
        test.put("datasplit", "test");
        var eval = Fixtures.alpaca("Q", "a", "bb", 1.0);
        eval.put("datasplit", "eval");
        ReadResult r = new AlpacaEvalReader(Fixtures.jsonArray(dir.resolve("s.json"), test, eval)).readAll();
        assertThat(r.pairs()).hasSize(1);
        assertThat(r.skipped(SkipReason.BENCHMARK_TEST_SPLIT)).isEqualTo(1);
    }
}
