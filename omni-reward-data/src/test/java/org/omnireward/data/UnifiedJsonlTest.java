package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

class UnifiedJsonlTest {

    @TempDir
    Path dir;

    private static com.fasterxml.jackson.databind.node.ObjectNode record(String id) {
        return Fixtures.obj(
                "id",
                id,
                "task",
                "t2t",
                "group",
                "g1",
                "criteria",
                "Prefer brevity.",
                "prompt",
                "Q?",
                "chosen",
                "short",
                "rejected",
                "much longer answer");
    }

    @Test
    void writer_output_reads_back_to_equal_pairs_including_media_and_ties() throws Exception {
        Files.createDirectories(dir.resolve("media"));
        Files.write(dir.resolve("media/a.png"), new byte[] {1});
        Files.write(dir.resolve("media/b.png"), new byte[] {2});
        Files.write(dir.resolve("media/in.jpg"), new byte[] {3});
        PreferencePair text = new PreferencePair(
                "t-1",
                Task.T2T,
                "g1",
                "Prefer brevity.",
                "Line one\nline \"two\"",
                List.of(),
                Response.text("ja — ünïcödé"),
                Response.text("no"),
                true,
                "fixture:1");
        PreferencePair image = new PreferencePair(
                "i-1",
                Task.T2I,
                "g2",
                "Prefer the red one.",
                "A red ball",
                List.of(),
                Response.media(MediaRef.underRoot(dir, "media/a.png", Modality.IMAGE)),
                Response.media(MediaRef.underRoot(dir, "media/b.png", Modality.IMAGE)),
                false,
                "fixture:2");
        PreferencePair withInput = new PreferencePair(
                "u-1",
                Task.TI2T,
                "g3",
                "Prefer accuracy.",
                "What is shown?",
                List.of(MediaRef.underRoot(dir, "media/in.jpg", Modality.IMAGE)),
                Response.text("a cat"),
                Response.text("a dog"),
                false,
                "fixture:3");
        Path file = dir.resolve("pairs.jsonl");
        assertThat(UnifiedJsonlWriter.writeAll(file, List.of(text, image, withInput)))
                .isEqualTo(3);

        ReadResult r = new UnifiedJsonlReader(file).readAll();
        assertThat(r.skipped()).isEmpty();
        assertThat(r.pairs()).containsExactly(text, image, withInput);
        JsonNode line2 = Fixtures.JSON.readTree(Files.readAllLines(file).get(1));
        assertThat(line2.get("chosen").toString()).isEqualTo("{\"type\":\"image\",\"path\":\"media/a.png\"}");
        assertThat(line2.has("chosen_media")).isFalse();
        assertThat(line2.get("schema_version").asInt()).isEqualTo(UnifiedJsonlReader.SCHEMA_VERSION);
        JsonNode line3 = Fixtures.JSON.readTree(Files.readAllLines(file).get(2));
        assertThat(line3.get("input_media").toString()).isEqualTo("[{\"type\":\"image\",\"path\":\"media/in.jpg\"}]");
        assertThat(Files.readAllLines(file).get(0)).startsWith("{\"id\":\"t-1\",\"task\":\"t2t\",\"group\":\"g1\"");
    }

    @Test
    void group_source_and_tie_have_documented_defaults_and_long_task_names_are_accepted() {
        var rec = record("a");
        rec.remove("group");
        rec.put("task", "text_to_text");
        Path f = Fixtures.jsonLines(dir.resolve("u.jsonl"), rec);
        PreferencePair p = new UnifiedJsonlReader(f).readAll().pairs().get(0);
        assertThat(p.group()).isEqualTo(Groups.ofPrompt("Q?"));
        assertThat(p.source()).isEqualTo("unified:" + dir.getFileName() + "/u.jsonl#L1");
        assertThat(p.tie()).isFalse();
        assertThat(p.task()).isEqualTo(Task.T2T);
    }

    @Test
    void each_bad_record_is_skipped_with_its_line_field_and_reason() throws Exception {
        Files.write(dir.resolve("only.png"), new byte[] {1});
        var noCriteria = record("1");
        noCriteria.remove("criteria");
        var badTask = record("2").put("task", "t2x");
        var badTie = record("3").put("tie", "yes");
        var mediaOnText = record("4").put("chosen_media", "only.png");
        var missingMedia = record("5").put("task", "t2i");
        missingMedia.put("chosen_media", "only.png");
        var notFound =
                record("6").put("task", "t2i").put("chosen_media", "only.png").put("rejected_media", "gone.png");
        var escaping =
                record("7").put("task", "t2i").put("chosen_media", "only.png").put("rejected_media", "../x.png");
        var inputOnT2t = record("8");
        inputOnT2t.set("input_media", Fixtures.arr("only.png"));
        var blankPrompt = record("9").put("prompt", "   ");
        Path f = Fixtures.jsonLines(
                dir.resolve("bad.jsonl"),
                noCriteria,
                badTask,
                badTie,
                mediaOnText,
                missingMedia,
                notFound,
                escaping,
                inputOnT2t,
                blankPrompt,
                "[1,2]",
                record("ok"));
        ReadResult r = new UnifiedJsonlReader(f).readAll();
        assertThat(r.pairs()).extracting(PreferencePair::id).containsExactly("ok");
        assertThat(r.skipped())
                .extracting(SkippedRecord::field)
                .containsExactly(
                        "criteria",
                        "task",
                        "tie",
                        "chosen_media",
                        "rejected_media",
                        "rejected_media",
                        "rejected_media",
                        "input_media",
                        "prompt",
                        "");
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason)
                .containsExactly(
                        SkipReason.MISSING_FIELD,
                        SkipReason.INVALID_VALUE,
                        SkipReason.WRONG_TYPE,
                        SkipReason.INVALID_VALUE,
                        SkipReason.MISSING_FIELD,
                        SkipReason.INVALID_VALUE,
                        SkipReason.INVALID_VALUE,
                        SkipReason.INVALID_VALUE,
                        SkipReason.EMPTY_TEXT,
                        SkipReason.MALFORMED);
        assertThat(r.skipped().get(1).detail()).contains("unknown task 't2x'");
        assertThat(r.skipped().get(5).detail()).contains("not found");
        assertThat(r.skipped().get(6).detail()).contains("outside the media root");
        assertThat(r.skipped().get(9).record()).isEqualTo("line 10");
        assertThat(r.skipped().get(0).toString()).contains("bad.jsonl line 1 field 'criteria'");
    }

    @Test
    void bytes_that_are_not_utf8_stop_reading_with_the_line() throws Exception {
        Path f = dir.resolve("latin1.jsonl");
        byte[] good = (record("a").toString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "{\"id\":\"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(f, all);
        assertThatThrownBy(() -> new UnifiedJsonlReader(f).readAll())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("latin1.jsonl line 2")
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void writer_refuses_media_it_cannot_express_as_a_relative_path() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.write(elsewhere.resolve("a.png"), new byte[] {1});
        PreferencePair inMemory = new PreferencePair(
                "m",
                Task.T2I,
                "g",
                "c",
                "p",
                List.of(),
                Response.media(MediaRef.ofBytes(new byte[] {1}, "a.png", Modality.IMAGE)),
                Response.media(MediaRef.ofBytes(new byte[] {2}, "b.png", Modality.IMAGE)),
                false,
                "");
        PreferencePair outside = new PreferencePair(
                "o",
                Task.T2I,
                "g",
                "c",
                "p",
                List.of(),
                Response.media(MediaRef.underRoot(elsewhere, "a.png", Modality.IMAGE)),
                Response.media(MediaRef.underRoot(elsewhere, "a.png", Modality.IMAGE)),
                false,
                "");
        Path out = Files.createDirectories(dir.resolve("out")).resolve("p.jsonl");
        assertThatThrownBy(() -> UnifiedJsonlWriter.writeAll(out, List.of(inMemory)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("in memory");
        assertThatThrownBy(() -> UnifiedJsonlWriter.writeAll(out, List.of(outside)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside the folder");
    }

    @Test
    void video_and_audio_responses_and_video_inputs_round_trip_through_media_objects() throws Exception {
        Files.createDirectories(dir.resolve("media/sub"));
        for (String f : List.of("media/a.mp4", "media/b.mp4", "media/sub/x.wav", "media/sub/y.wav", "media/in.mp4")) {
            Files.write(dir.resolve(f), new byte[] {7});
        }
        PreferencePair video = new PreferencePair(
                "v",
                Task.T2V,
                "g",
                "Prefer smooth motion.",
                "A cat jumps",
                List.of(),
                Response.media(MediaRef.underRoot(dir, "media/a.mp4", Modality.VIDEO)),
                Response.media(MediaRef.underRoot(dir, "media/b.mp4", Modality.VIDEO)),
                false,
                "s");
        PreferencePair audio = new PreferencePair(
                "a",
                Task.T2A,
                "g",
                "Prefer clear sound.",
                "Rain",
                List.of(),
                Response.media(MediaRef.underRoot(dir, "media/sub/x.wav", Modality.AUDIO)),
                Response.media(MediaRef.underRoot(dir, "media/sub/y.wav", Modality.AUDIO)),
                true,
                "s");
        PreferencePair videoIn = new PreferencePair(
                "vi",
                Task.TV2T,
                "g",
                "Prefer detail.",
                "What happens?",
                List.of(MediaRef.underRoot(dir, "media/in.mp4", Modality.VIDEO)),
                Response.text("A cat jumps."),
                Response.text(""),
                false,
                "s");
        Path file = dir.resolve("media.jsonl");
        UnifiedJsonlWriter.writeAll(file, List.of(video, audio, videoIn));

        ReadResult r = new UnifiedJsonlReader(file).readAll();

        assertThat(r.skipped()).extracting(SkippedRecord::field).containsExactly("rejected");
        assertThat(r.pairs()).containsExactly(video, audio);
        assertThat(Files.readAllLines(file).get(1))
                .contains("\"chosen\":{\"type\":\"audio\",\"path\":\"media/sub/x.wav\"}");
    }

    @Test
    void the_user_turn_of_each_input_medium_round_trips_and_is_written_only_when_not_the_first() throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.write(dir.resolve("m/a.png"), new byte[] {1});
        Files.write(dir.resolve("m/b.png"), new byte[] {2});
        String chat = "User: Who is this?\n\nAssistant: Kane.\n\nUser: And this?";
        PreferencePair p = new PreferencePair(
                "c",
                Task.TI2T,
                "g",
                "Prefer accuracy.",
                chat,
                List.of(
                        MediaRef.underRoot(dir, "m/a.png", Modality.IMAGE),
                        MediaRef.underRoot(dir, "m/b.png", Modality.IMAGE)),
                Response.text("Gretzka."),
                Response.text("Nobody."),
                false,
                "s");
        Path file = dir.resolve("turns.jsonl");
        try (UnifiedJsonlWriter w = UnifiedJsonlWriter.create(file)) {
            w.write(new UnifiedRecord(p, null, null, List.of(0, 1)));
            w.write(new UnifiedRecord(p.withCriteria("c2", "Prefer brevity."), null, null, List.of(0, 0)));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0))
                .contains("{\"type\":\"image\",\"path\":\"m/a.png\"},{\"type\":\"image\",\"path\":"
                        + "\"m/b.png\",\"turn\":1}");
        assertThat(lines.get(1)).doesNotContain("\"turn\"");
        List<UnifiedRecord> back = ConvertersTest.readBack(file, false);
        assertThat(back.get(0).inputTurns()).containsExactly(0, 1);
        assertThat(back.get(1).inputTurns()).isEmpty();
        Files.writeString(
                file,
                lines.get(0).replace("\"turn\":1", "\"turn\":2") + "\n"
                        + lines.get(0).replace("\"turn\":1", "\"turn\":\"1\"") + "\n");
        ReadResult bad = new UnifiedJsonlReader(file).readAll();
        assertThat(bad.skipped())
                .extracting(SkippedRecord::field, SkippedRecord::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("input_media[1].turn", SkipReason.INVALID_VALUE),
                        org.assertj.core.groups.Tuple.tuple("input_media[1].turn", SkipReason.WRONG_TYPE));
        assertThat(bad.skipped().get(0).detail()).contains("the prompt has 2 user turns");
    }

    @Test
    void version_1_records_with_media_path_fields_and_path_strings_as_inputs_still_read() throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.write(dir.resolve("m/a.png"), new byte[] {1});
        Files.write(dir.resolve("m/b.png"), new byte[] {2});
        Files.write(dir.resolve("m/src.png"), new byte[] {3});
        var v1Image = record("old-1")
                .put("task", "t2i")
                .put("chosen", "")
                .put("rejected", "")
                .put("chosen_media", "m/a.png")
                .put("rejected_media", "m/b.png");
        var v1Edit = record("old-2")
                .put("task", "ti2i")
                .put("chosen", "")
                .put("rejected", "")
                .put("chosen_media", "m/a.png")
                .put("rejected_media", "m/b.png");
        v1Edit.set("input_media", Fixtures.arr("m/src.png"));
        Path f = Fixtures.jsonLines(dir.resolve("v1.jsonl"), v1Image, v1Edit);

        ReadResult r = new UnifiedJsonlReader(f).readAll();

        assertThat(r.skipped()).isEmpty();
        assertThat(r.pairs())
                .extracting(p -> p.chosen().media().orElseThrow())
                .containsOnly(MediaRef.underRoot(dir, "m/a.png", Modality.IMAGE));
        assertThat(r.pairs().get(1).inputs()).containsExactly(MediaRef.underRoot(dir, "m/src.png", Modality.IMAGE));
    }

    @Test
    void bad_media_objects_and_unknown_schema_versions_are_skipped_naming_the_field() throws Exception {
        Files.write(dir.resolve("a.png"), new byte[] {1});
        Files.write(dir.resolve("b.png"), new byte[] {2});
        var wrongType = record("1").put("task", "t2i");
        wrongType.set("chosen", Fixtures.obj("type", "video", "path", "a.png"));
        wrongType.set("rejected", Fixtures.obj("type", "image", "path", "b.png"));
        var outside = record("2").put("task", "t2i");
        outside.set("chosen", Fixtures.obj("type", "image", "path", "a.png"));
        outside.set("rejected", Fixtures.obj("type", "image", "path", "../b.png"));
        var noPath = record("3").put("task", "t2i");
        noPath.set("chosen", Fixtures.obj("type", "image"));
        noPath.set("rejected", Fixtures.obj("type", "image", "path", "b.png"));
        var mediaOnText = record("4");
        mediaOnText.set("chosen", Fixtures.obj("type", "image", "path", "a.png"));
        var future = record("5").put("schema_version", UnifiedJsonlReader.SCHEMA_VERSION + 1);
        var badInput = record("6").put("task", "ti2t");
        badInput.set("input_media", Fixtures.arr(Fixtures.obj("type", "audio", "path", "a.png")));
        Path f =
                Fixtures.jsonLines(dir.resolve("bad.jsonl"), wrongType, outside, noPath, mediaOnText, future, badInput);

        ReadResult r = new UnifiedJsonlReader(f).readAll();

        assertThat(r.pairs()).isEmpty();
        assertThat(r.skipped())
                .extracting(SkippedRecord::field)
                .containsExactly(
                        "chosen.type",
                        "rejected.path",
                        "chosen.path",
                        "chosen",
                        "schema_version",
                        "input_media[0].type");
        assertThat(r.skipped().get(1).detail()).contains("outside the media root");
        assertThat(r.skipped().get(4).reason()).isEqualTo(SkipReason.UNSUPPORTED);
        assertThat(r.skipped().get(0).toString()).contains("bad.jsonl line 1");
    }

    @Test
    void writer_refuses_a_text_response_on_a_media_task() {
        PreferencePair wrong = new PreferencePair(
                "w", Task.T2I, "g", "c", "p", List.of(), Response.text("a"), Response.text("b"), false, "");
        assertThatThrownBy(() -> UnifiedJsonlWriter.writeAll(dir.resolve("w.jsonl"), List.of(wrong)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be image");
    }
}
