package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;

class LlamaFactoryRankingReaderTest {

    @TempDir
    Path dir;

    private static Map<String, String> turn(String from, String value) {
        return Map.of("from", from, "value", value);
    }

    @Test
    void single_turn_without_system_gets_the_general_criterion_and_the_human_text_as_prompt() {
        Path f = Fixtures.jsonArray(
                dir.resolve("dpo.json"),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "What is 2+2?")),
                        "chosen",
                        turn("gpt", "4"),
                        "rejected",
                        turn("gpt", "5")));
        PreferencePair p = new LlamaFactoryRankingReader(f).readAll().pairs().get(0);
        assertThat(p.prompt()).isEqualTo("What is 2+2?");
        assertThat(p.criteria()).isEqualTo(Criteria.GENERAL);
        assertThat(p.chosen().requireText()).isEqualTo("4");
        assertThat(p.rejected().requireText()).isEqualTo("5");
        assertThat(p.group()).isEqualTo(Groups.ofPrompt("What is 2+2?"));
        assertThat(p.source()).isEqualTo("llamafactory-ranking:" + dir.getFileName() + "/dpo.json#0");
    }

    @Test
    void a_leading_system_turn_is_the_criterion_and_history_becomes_a_transcript() {
        Path f = Fixtures.jsonArray(
                dir.resolve("dpo.json"),
                Fixtures.obj(
                        "conversations",
                        List.of(
                                turn("system", "Answer like a pirate."),
                                turn("human", "Hi"),
                                turn("gpt", "Ahoy"),
                                turn("human", "Where is the treasure?")),
                        "chosen",
                        turn("gpt", "Buried, matey!"),
                        "rejected",
                        "I cannot say."));
        PreferencePair p = new LlamaFactoryRankingReader(f).readAll().pairs().get(0);
        assertThat(p.criteria()).isEqualTo("Answer like a pirate.");
        assertThat(p.prompt()).isEqualTo("User: Hi\n\nAssistant: Ahoy\n\nUser: Where is the treasure?");
        assertThat(p.rejected().requireText()).isEqualTo("I cannot say.");
    }

    @Test
    void malformed_records_are_skipped_naming_the_field() {
        Path f = Fixtures.jsonLines(
                dir.resolve("dpo.jsonl"),
                Fixtures.obj("conversations", List.of(turn("human", "Q")), "chosen", turn("gpt", "a")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "Q"), turn("gpt", "A")),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "Q"), turn("system", "S"), turn("human", "Q2")),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("function_call", "{}"), turn("human", "Q")),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<image>Q")),
                        "images",
                        List.of("a.jpg"),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(Map.of("from", "human")),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                "{not json",
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "Q")),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")));
        ReadResult r = new LlamaFactoryRankingReader(f).readAll();
        assertThat(r.pairs()).hasSize(1);
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason, SkippedRecord::field, SkippedRecord::record)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SkipReason.MISSING_FIELD, "rejected", "line 1"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.INVALID_VALUE, "conversations", "line 2"),
                        org.assertj.core.groups.Tuple.tuple(
                                SkipReason.INVALID_VALUE, "conversations[1].from", "line 3"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.UNSUPPORTED, "conversations[0].from", "line 4"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.INVALID_VALUE, "images[0]", "line 5"),
                        org.assertj.core.groups.Tuple.tuple(
                                SkipReason.MISSING_FIELD, "conversations[0].value", "line 6"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.MALFORMED, "", "line 7"));
        assertThat(r.pairs().get(0).source()).endsWith("dpo.jsonl#L8");
    }

    @Test
    void placeholders_that_do_not_match_the_listed_files_are_refused_with_file_and_record() throws Exception {
        Files.write(dir.resolve("a.png"), ConvertersTest.png(java.awt.Color.RED));
        Path f = Fixtures.jsonLines(
                dir.resolve("mm.jsonl"),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<image><image>Compare")),
                        "images",
                        List.of("a.png"),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "Describe it")),
                        "images",
                        List.of("a.png"),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<image>Q"), turn("gpt", "<image>A"), turn("human", "Q2")),
                        "images",
                        List.of("a.png", "a.png"),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<video>Q")),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "Q")),
                        "chosen",
                        turn("gpt", "see <image>"),
                        "rejected",
                        turn("gpt", "b")));
        ReadResult r = new LlamaFactoryRankingReader(f).readAll();
        assertThat(r.pairs()).isEmpty();
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason, SkippedRecord::field, SkippedRecord::record)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SkipReason.INCONSISTENT, "conversations", "line 1"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.INCONSISTENT, "images", "line 2"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.UNSUPPORTED, "conversations[1].value", "line 3"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.INCONSISTENT, "conversations", "line 4"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.UNSUPPORTED, "chosen", "line 5"));
        assertThat(r.skipped().get(0).detail()).contains("2 <image> placeholders but 'images' lists 1 input file");
        assertThat(r.skipped().get(0).file()).endsWith("mm.jsonl");
    }

    @Test
    void placeholders_stay_with_their_turn_and_whitespace_around_them_comes_back_exactly() throws Exception {
        Files.write(dir.resolve("a.png"), ConvertersTest.png(java.awt.Color.RED));
        Files.write(dir.resolve("b.png"), ConvertersTest.png(java.awt.Color.BLUE));
        Path f = Fixtures.jsonLines(
                dir.resolve("mm.jsonl"),
                Fixtures.obj(
                        "conversations",
                        List.of(
                                turn("human", "<image>\n  Who is he?"),
                                turn("gpt", "Kane."),
                                turn("human", "What are they doing?<image>")),
                        "images",
                        List.of("a.png", "b.png"),
                        "chosen",
                        turn("gpt", "Celebrating."),
                        "rejected",
                        turn("gpt", "Use <\u200Bimage> tags.")));
        List<UnifiedRecord> records = new ArrayList<>();
        new LlamaFactoryRankingReader(f).read(new RecordSink() {
            @Override
            public void record(UnifiedRecord rec) {
                records.add(rec);
            }

            @Override
            public void skipped(SkippedRecord s) {
                throw new AssertionError(s.toString());
            }
        });
        UnifiedRecord rec = records.get(0);
        assertThat(rec.pair().prompt())
                .isEqualTo("User:   Who is he?\n\nAssistant: Kane.\n\nUser: What are they doing?");
        assertThat(rec.inputTurns()).containsExactly(0, 1);
        assertThat(rec.pair().rejected().requireText()).isEqualTo("Use <image> tags.");
    }

    @Test
    void records_with_input_images_become_ti2t_pairs_with_the_images_resolved_under_the_file_folder() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("img"));
        java.nio.file.Files.write(dir.resolve("img/cat.jpg"), new byte[] {1});
        java.nio.file.Files.write(dir.resolve("clip.wav"), new byte[] {2});
        Path f = Fixtures.jsonArray(
                dir.resolve("mm.json"),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("system", "Prefer accurate counts."), turn("human", "<image>How many cats?")),
                        "images",
                        List.of("img/cat.jpg"),
                        "chosen",
                        turn("gpt", "One."),
                        "rejected",
                        turn("gpt", "Three.")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<audio>What is this?")),
                        "audios",
                        List.of("clip.wav"),
                        "chosen",
                        turn("gpt", "A bell."),
                        "rejected",
                        turn("gpt", "")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<image><audio>Both?")),
                        "images",
                        List.of("img/cat.jpg"),
                        "audios",
                        List.of("clip.wav"),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<image>Where?")),
                        "images",
                        List.of("../outside.jpg"),
                        "chosen",
                        turn("gpt", "a"),
                        "rejected",
                        turn("gpt", "b")));

        ReadResult r = new LlamaFactoryRankingReader(f).readAll();

        assertThat(r.pairs()).hasSize(1);
        PreferencePair p = r.pairs().get(0);
        assertThat(p.task()).isEqualTo(org.omnireward.core.Task.TI2T);
        assertThat(p.prompt()).isEqualTo("How many cats?");
        assertThat(p.criteria()).isEqualTo("Prefer accurate counts.");
        assertThat(p.inputs())
                .containsExactly(
                        org.omnireward.core.MediaRef.underRoot(dir, "img/cat.jpg", org.omnireward.core.Modality.IMAGE));
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason, SkippedRecord::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SkipReason.EMPTY_TEXT, "rejected"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.UNSUPPORTED, "audios"),
                        org.assertj.core.groups.Tuple.tuple(SkipReason.INVALID_VALUE, "images[0]"));
        assertThat(r.skipped().get(2).detail()).contains("outside the media root");
    }

    @Test
    void media_pairs_read_from_llamafactory_data_round_trip_through_the_unified_jsonl() throws Exception {
        java.nio.file.Files.write(dir.resolve("v.mp4"), new byte[] {1});
        Path f = Fixtures.jsonArray(
                dir.resolve("mm.json"),
                Fixtures.obj(
                        "conversations",
                        List.of(turn("human", "<video>What happens?")),
                        "videos",
                        List.of("v.mp4"),
                        "chosen",
                        turn("gpt", "A jump."),
                        "rejected",
                        turn("gpt", "Nothing.")));
        List<PreferencePair> pairs = new LlamaFactoryRankingReader(f).readAll().pairs();

        Path out = dir.resolve("pairs.jsonl");
        UnifiedJsonlWriter.writeAll(out, pairs);

        assertThat(new UnifiedJsonlReader(out).readAll().pairs()).containsExactlyElementsOf(pairs);
        assertThat(pairs.get(0).task()).isEqualTo(org.omnireward.core.Task.TV2T);
    }
}
