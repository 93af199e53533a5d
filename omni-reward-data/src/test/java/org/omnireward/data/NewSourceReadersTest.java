package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;

/** The four new readers and the quality pairs on small files written here. */
class NewSourceReadersTest {

    @TempDir
    Path dir;

    @Test
    void mqm_scores_weight_errors_and_pair_by_segment_and_rater() throws Exception {
        Path f = dir.resolve("mqm_ted_ende.tsv");
        Files.writeString(
                f,
                String.join(
                        "\n",
                        "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity",
                        "A\tt\t1\t1\tr1\tHello world.\tHallo <v>Welt</v>.\tAccuracy/Mistranslation\tMajor",
                        "A\tt\t1\t1\tr1\tHello world.\t<v>Hallo</v> Welt.\tFluency/Punctuation\tMinor",
                        "B\tt\t1\t1\tr1\tHello world.\tHallo Welt!\tNo-error\tNo-error",
                        "C\tt\t1\t1\tr1\tHello world.\tHallo, Welt.\tFluency/Punctuation\tMinor",
                        "B\tt\t1\t1\tr2\tHello world.\tHallo Welt!\tNo-error\tNo-error",
                        "broken line"));
        ReadResult r = new WmtMqmReader(f, 5).readAll();
        // A scores 5.1, B 0, C 0.1: B > A and C > A; B vs C is 0.1 apart (below the gap); r2 saw one system
        assertThat(r.pairs())
                .extracting(PreferencePair::id)
                .containsExactly("wmt-mqm:1:1:r1:B>A", "wmt-mqm:1:1:r1:C>A");
        assertThat(r.pairs().get(0).rejected().requireText()).isEqualTo("Hallo Welt.");
        assertThat(r.skipped(SkipReason.MALFORMED)).isEqualTo(1);
        assertThat(WmtMqmReader.weight("Non-translation!", "Major")).isEqualTo(25);
        assertThat(WmtMqmReader.weight("Source error", "Major")).isZero();
    }

    @Test
    void an_mqm_file_without_a_needed_column_is_refused_naming_it() throws Exception {
        Path f = dir.resolve("x.tsv");
        Files.writeString(f, "system\tdoc_id\n");
        assertThatThrownBy(() -> new WmtMqmReader(f, 5).readAll())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no column 'seg_id'");
    }

    @Test
    void finegrained_preferences_map_to_pairs_and_ties() throws Exception {
        Path f = dir.resolve("dev_feedback.json");
        Files.writeString(
                f,
                "[{\"question\":\"q?\",\"prediction 1\":\"a\",\"prediction 2\":\"b\",\"prediction 3\":\"c\","
                        + "\"prediction 4\":\"a\",\"preference\":\"[1, 2, 0, 2, 1, 7]\"}]");
        ReadResult r = new FineGrainedQaReader(f).readAll();
        assertThat(r.decisivePairs())
                .extracting(p -> p.chosen().requireText() + ">" + p.rejected().requireText())
                .containsExactly("a>b", "c>a", "c>b", "b>a");
        assertThat(r.skipped(SkipReason.IDENTICAL_RESPONSES)).isEqualTo(1); // (1,4): same text
        assertThat(r.skipped(SkipReason.INVALID_VALUE)).isEqualTo(1); // 7
        assertThat(r.ties()).isZero();
    }

    @Test
    void newsroom_criteria_come_from_the_annotation_questions() {
        assertThat(NewsroomReader.criterion(
                        "Fluency",
                        "On a scale of 1 (low) to 5 (high), are the individual "
                                + "sentences of the summary well-written and grammatical?\n\n{{ instance }}"))
                .isEqualTo("Prefer the summary that is better on fluency: are the individual sentences of the summary "
                        + "well-written and grammatical?");
    }

    @Test
    void arena_pairs_need_a_gap_and_skip_bad_scores() throws Exception {
        Files.createDirectories(dir.resolve("model_answer"));
        Files.createDirectories(dir.resolve("model_judgment"));
        Files.writeString(dir.resolve("question.jsonl"), "{\"question_id\":\"q1\",\"turns\":[\"2+2?\"]}\n");
        for (String[] m : new String[][] {{"x", "4", "9.0"}, {"y", "5", "2"}, {"z", "four", "8"}, {"w", "22", "x"}}) {
            Files.writeString(
                    dir.resolve("model_answer").resolve(m[0] + ".jsonl"),
                    "{\"question_id\":\"q1\",\"choices\":[{\"turns\":[\"" + m[1] + "\"]}]}\n");
            Files.writeString(
                    dir.resolve("model_judgment").resolve(m[0] + ".jsonl"),
                    "{\"question_id\":\"q1\",\"score\":\"" + m[2] + "\"}\n");
        }
        ReadResult r = new ArenaBenchReader(dir, 3).readAll();
        assertThat(r.pairs())
                .extracting(PreferencePair::id)
                .containsExactly("arena-bench:q1:x>y", "arena-bench:q1:z>y");
        assertThat(r.skipped(SkipReason.INVALID_VALUE)).isEqualTo(1);
        assertThat(ArenaBenchReader.score("7.5")).isEqualTo(-1);
        assertThat(ArenaBenchReader.score("None")).isEqualTo(-1);
    }

    @Test
    void quality_pairs_pad_repeat_and_remove_the_key_sentence_and_flips_are_found() {
        PreferencePair base = PreferencePair.text(
                "b",
                "g",
                "Be right.",
                "Why is the sky blue?",
                "Rayleigh scattering. Blue light scatters more. So the sky looks blue.",
                "Because.",
                "test:x");
        List<PreferencePair> q = new QualityPairs(42).pairs(base);
        assertThat(q)
                .extracting(org.omnireward.data.Sources::category)
                .containsExactly("synthetic:padded", "synthetic:repeated", "synthetic:key-removed");
        assertThat(q.get(0).rejected().requireText())
                .startsWith(base.chosen().requireText())
                .hasSizeGreaterThan(base.chosen().requireText().length());
        assertThat(q.get(2).rejected().requireText()).isEqualTo("Blue light scatters more. So the sky looks blue.");
        PreferencePair fluent = PreferencePair.text("f", "g", "fluency", "p", "A", "B", "n:1");
        PreferencePair informative = PreferencePair.text("i", "g", "informativeness", "p", "B", "A", "n:2");
        assertThat(QualityPairs.criterionFlips(List.of(fluent, informative)))
                .hasSize(2)
                .allSatisfy(
                        p -> assertThat(org.omnireward.data.Sources.category(p)).isEqualTo("flip"));
    }
}
