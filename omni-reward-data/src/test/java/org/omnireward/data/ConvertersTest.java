package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.omnireward.data.Fixtures.arr;
import static org.omnireward.data.Fixtures.jsonArray;
import static org.omnireward.data.Fixtures.jsonLines;
import static org.omnireward.data.Fixtures.obj;
import static org.omnireward.data.Fixtures.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/** The {@code data convert} formats on faithfully shaped records, and what each does with bad records. */
class ConvertersTest {

    @TempDir
    Path dir;

    private static final String HH_CHOSEN = "\n\nHuman: What is a good name for a cat?\n\nAssistant: Maybe Tom?"
            + "\n\nHuman: Something shorter\n\nAssistant: Max is short and friendly.";
    private static final String HH_REJECTED = "\n\nHuman: What is a good name for a cat?\n\nAssistant: Maybe Tom?"
            + "\n\nHuman: Something shorter\n\nAssistant: Cats don't need names.";

    private List<UnifiedRecord> convert(PreferenceFormat f, Path in) {
        Path out = dir.resolve("out/" + in.getFileName() + ".jsonl");
        DataConversion.Report r = DataConversion.convert(f, in, out, Optional.empty(), null);
        last = r;
        return readBack(out, true);
    }

    private DataConversion.Report last;

    static List<UnifiedRecord> readBack(Path file, boolean evaluation) {
        java.util.ArrayList<UnifiedRecord> out = new java.util.ArrayList<>();
        new UnifiedJsonlReader(file, evaluation).read(new RecordSink() {
            @Override
            public void record(UnifiedRecord r) {
                out.add(r);
            }

            @Override
            public void skipped(SkippedRecord record) {
                throw new AssertionError("the converter wrote a record its own reader skips: " + record);
            }
        });
        return out;
    }

    @Test
    void hh_rlhf_shared_prefix_is_the_prompt_in_jsonl_and_gzip() throws IOException {
        Path plain = jsonLines(
                dir.resolve("hh/train.jsonl"),
                obj("chosen", HH_CHOSEN, "rejected", HH_REJECTED),
                obj(
                        "chosen",
                        "\n\nHuman: Hi\n\nAssistant: Hello!",
                        "rejected",
                        "\n\nHuman: Hi\n\nAssistant: Go away."));
        Path gz = dir.resolve("hh/train.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(plain));
        }
        for (Path in : List.of(plain, gz)) {
            List<UnifiedRecord> rs = convert(PreferenceFormat.HH_RLHF, in);
            assertThat(rs).hasSize(2);
            PreferencePair p = rs.get(0).pair();
            assertThat(p.prompt())
                    .isEqualTo("User: What is a good name for a cat?\n\nAssistant: Maybe Tom?\n\n"
                            + "User: Something shorter");
            assertThat(p.chosen().requireText()).isEqualTo("Max is short and friendly.");
            assertThat(p.rejected().requireText()).isEqualTo("Cats don't need names.");
            assertThat(p.criteria()).isEqualTo(Criteria.GENERAL);
            assertThat(rs.get(1).pair().prompt()).isEqualTo("Hi");
            assertThat(p.source()).startsWith("hh-rlhf:hh/train.jsonl");
        }
        // a folder: both files, the plain and the compressed one
        assertThat(convert(PreferenceFormat.HH_RLHF, dir.resolve("hh"))).hasSize(4);
    }

    @Test
    void hh_rlhf_bad_records_are_counted_with_line_and_reason() {
        Path in = jsonLines(
                dir.resolve("hh.jsonl"),
                obj("chosen", HH_CHOSEN, "rejected", HH_CHOSEN.replace("Maybe Tom?", "Maybe Jerry?")),
                obj("chosen", HH_CHOSEN),
                "{\"chosen\": \"\\n\\nHuman: cut off",
                obj("chosen", "no markers at all", "rejected", "none here either"),
                obj("chosen", "\n\nHuman: a\n\nAssistant: same", "rejected", "\n\nHuman: a\n\nAssistant: same"),
                obj("chosen", HH_CHOSEN, "rejected", HH_REJECTED));
        List<UnifiedRecord> rs = convert(PreferenceFormat.HH_RLHF, in);
        assertThat(rs).hasSize(1);
        assertThat(last.skippedByReason())
                .containsEntry(SkipReason.INCONSISTENT, 1L)
                .containsEntry(SkipReason.MISSING_FIELD, 1L)
                .containsEntry(SkipReason.MALFORMED, 1L)
                .containsEntry(SkipReason.INVALID_VALUE, 1L)
                .containsEntry(SkipReason.IDENTICAL_RESPONSES, 1L);
        assertThat(last.firstSkips())
                .extracting(SkippedRecord::record)
                .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
        assertThat(last.firstSkips().get(1).field()).isEqualTo("rejected");
        assertThat(last.skippedFile()).isPresent();
        assertThat(last.skippedFile().get())
                .content()
                .contains("\"reason\":\"malformed\"")
                .contains("line 3");
    }

    @Test
    void gzip_that_ends_early_stops_with_the_last_good_line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(Json.mapper().writeValueAsString(obj("chosen", HH_CHOSEN + i, "rejected", HH_REJECTED + i)))
                    .append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bytes)) {
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        Path gz = dir.resolve("cut.jsonl.gz");
        Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
        Path out = dir.resolve("cut-out/out.jsonl");
        assertThatThrownBy(() -> DataConversion.convert(PreferenceFormat.HH_RLHF, gz, out, Optional.empty(), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.jsonl.gz")
                .hasMessageContaining("ends early")
                .hasMessageContaining("after line");
        assertThat(out).doesNotExist();
        try (java.util.stream.Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left)
                    .as("nothing of the failed conversion stays (no skipped list, no part file)")
                    .isEmpty();
        }
    }

    @Test
    void truncated_json_array_and_wrong_top_level_shape_are_refused_with_position() {
        Path cut = write(
                dir.resolve("cut.json"),
                "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"}],"
                        + " \"chosen\": \"a\", \"rejected\": \"b\"},\n{\"conversations\": [");
        assertThatThrownBy(() -> convert(PreferenceFormat.LLAMAFACTORY_RANKING, cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.json")
                .hasMessageContaining("line 2");
        Path obj = write(dir.resolve("obj.json"), "{\"prompt\": \"x\", \"chosen\": \"a\", \"rejected\": \"b\"}\n");
        List<UnifiedRecord> one = convert(PreferenceFormat.CHAT_PAIRS, obj); // one object = one JSON line
        assertThat(one).hasSize(1);
        Path scalar = write(dir.resolve("scalar.jsonl"), "\"text\"\n[1, 2]\n");
        assertThat(convert(PreferenceFormat.CHAT_PAIRS, scalar)).isEmpty();
        assertThat(last.skippedByReason()).containsEntry(SkipReason.MALFORMED, 2L);
    }

    @Test
    void chat_pairs_read_ultrafeedback_skywork_and_trl_shapes() {
        JsonNode user = obj("role", "user", "content", "Name a prime.");
        Path in = jsonLines(
                dir.resolve("chat.jsonl"),
                // UltraFeedback-binarized
                obj(
                        "prompt",
                        "Name a prime.",
                        "prompt_id",
                        "abc",
                        "chosen",
                        arr(user, obj("role", "assistant", "content", "7")),
                        "rejected",
                        arr(user, obj("role", "assistant", "content", "8")),
                        "score_chosen",
                        8.0,
                        "score_rejected",
                        3.0),
                // Skywork: no prompt, full chats
                obj(
                        "chosen",
                        arr(user, obj("role", "assistant", "content", "7")),
                        "rejected",
                        arr(user, obj("role", "assistant", "content", "9"))),
                // TRL standard
                obj("prompt", "Name a prime.", "chosen", "2", "rejected", "4"),
                // TRL conversational with a system criterion and content parts
                obj(
                        "prompt",
                        arr(obj("role", "system", "content", "Prefer the smallest prime."), user),
                        "chosen",
                        arr(obj("role", "assistant", "content", arr(obj("type", "text", "text", "2")))),
                        "rejected",
                        arr(obj("role", "assistant", "content", "3"))),
                // equal scores: a tie
                obj("prompt", "Name a prime.", "chosen", "5", "rejected", "11", "score_chosen", 5, "score_rejected", 5),
                // bad: full chats that differ before the last message
                obj(
                        "chosen",
                        arr(user, obj("role", "assistant", "content", "7")),
                        "rejected",
                        arr(obj("role", "user", "content", "Other?"), obj("role", "assistant", "content", "9"))),
                // bad: chosen is a number
                obj("prompt", "x", "chosen", 3, "rejected", "y"),
                // bad: the completion is a user message
                obj("prompt", "x", "chosen", arr(obj("role", "user", "content", "q")), "rejected", "y"));
        List<UnifiedRecord> rs = convert(PreferenceFormat.CHAT_PAIRS, in);
        assertThat(rs).extracting(r -> r.pair().prompt()).containsOnly("Name a prime.");
        assertThat(rs).extracting(r -> r.pair().chosen().requireText()).containsExactly("7", "7", "2", "2", "5");
        assertThat(rs).extracting(r -> r.pair().rejected().requireText()).containsExactly("8", "9", "4", "3", "11");
        assertThat(rs.get(3).pair().criteria()).isEqualTo("Prefer the smallest prime.");
        assertThat(rs).extracting(r -> r.pair().tie()).containsExactly(false, false, false, false, true);
        assertThat(last.skippedByReason())
                .containsEntry(SkipReason.INCONSISTENT, 2L)
                .containsEntry(SkipReason.WRONG_TYPE, 1L);
        assertThat(last.firstSkips()).extracting(SkippedRecord::record).containsExactly("line 6", "line 7", "line 8");
    }

    static byte[] png(Color c) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void rlaif_v_parquet_image_bytes_are_written_to_the_media_folder() throws Exception {
        byte[] red = png(Color.RED);
        byte[] blue = png(Color.BLUE);
        Path parquet = dir.resolve("rlaif/train-00000.parquet");
        Files.createDirectories(parquet.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (ds_name VARCHAR, image STRUCT(bytes BLOB, path VARCHAR), question VARCHAR,"
                    + " chosen VARCHAR, rejected VARCHAR, origin_dataset VARCHAR, idx INTEGER)");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO t VALUES ('RLAIF-V', {'bytes': from_hex(?)," + " 'path': ?}, ?, ?, ?, 'vqa', ?)")) {
                Object[][] rows = {
                    {red, "a.png", "What colour is it?", "Red.", "Blue.", 1},
                    {blue, null, "What colour is it?", "Blue.", "Green.", 2},
                    {red, "a.png", "And now?", "Red again.", "Red again.", 3},
                    {null, null, "No image?", "x", "y", 4}
                };
                for (Object[] r : rows) {
                    ps.setString(1, r[0] == null ? "" : HexFormat.of().formatHex((byte[]) r[0]));
                    ps.setString(2, (String) r[1]);
                    ps.setString(3, (String) r[2]);
                    ps.setString(4, (String) r[3]);
                    ps.setString(5, (String) r[4]);
                    ps.setInt(6, (Integer) r[5]);
                    ps.executeUpdate();
                }
            }
            s.execute("COPY t TO '" + parquet + "' (FORMAT parquet)");
        }
        Path out = dir.resolve("conv/rlaif.jsonl");
        DataConversion.Report r = DataConversion.convert(
                PreferenceFormat.RLAIF_V, parquet, out, Optional.of(dir.resolve("conv/imgs")), null);
        List<UnifiedRecord> rs = readBack(out, false);
        assertThat(rs).hasSize(2);
        assertThat(rs).allMatch(x -> x.pair().task() == Task.TI2T);
        assertThat(rs.get(0).pair().inputs().get(0).readAllBytes()).isEqualTo(red);
        assertThat(rs.get(1).pair().inputs().get(0).readAllBytes()).isEqualTo(blue);
        assertThat(rs.get(0).pair().inputs().get(0).name()).startsWith("imgs/").endsWith(".png");
        assertThat(r.mediaWritten()).isEqualTo(2);
        assertThat(r.skippedByReason())
                .containsEntry(SkipReason.IDENTICAL_RESPONSES, 1L)
                .containsEntry(SkipReason.MISSING_FIELD, 1L);
        assertThat(r.firstSkips()).extracting(SkippedRecord::record).containsExactly("row 3", "row 4");
        assertThat(r.firstSkips().get(1).field()).isEqualTo("image.bytes");
    }

    @Test
    void media_outside_the_output_folder_is_refused() {
        Path in = jsonLines(dir.resolve("v.jsonl"), obj("prompt", "p", "chosen", "a.mp4", "rejected", "b.mp4"));
        assertThatThrownBy(() -> DataConversion.convert(
                        PreferenceFormat.VIDEO_PAIRS,
                        in,
                        dir.resolve("o/x.jsonl"),
                        Optional.of(dir.resolve("elsewhere")),
                        null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be inside the output file's folder");
    }

    @Test
    void hpdv2_and_video_pairs_refer_to_existing_files_inside_the_input_folder() throws IOException {
        Path hp = dir.resolve("hpd");
        Files.createDirectories(hp.resolve("train"));
        Files.write(hp.resolve("train/0.png"), png(Color.RED));
        Files.write(hp.resolve("train/1.png"), png(Color.GREEN));
        Files.write(hp.resolve("train/2.png"), png(Color.BLUE));
        Files.write(dir.resolve("secret.png"), png(Color.BLACK));
        Path ann = jsonArray(
                hp.resolve("train.json"),
                obj(
                        "prompt",
                        "a red apple",
                        "image_path",
                        arr("train/0.png", "train/1.png"),
                        "human_preference",
                        arr(0, 1),
                        "user_hash",
                        "u1"),
                obj(
                        "prompt",
                        "three",
                        "image_path",
                        arr("train/0.png", "train/1.png", "train/2.png"),
                        "human_preference",
                        arr(1, 0, 0)),
                obj(
                        "prompt",
                        "missing",
                        "image_path",
                        arr("train/0.png", "train/9.png"),
                        "human_preference",
                        arr(1, 0)),
                obj(
                        "prompt",
                        "outside",
                        "image_path",
                        arr("train/0.png", "../secret.png"),
                        "human_preference",
                        arr(1, 0)),
                obj("prompt", "none", "image_path", arr("train/0.png", "train/1.png"), "human_preference", arr(0, 0)),
                obj("prompt", "test split", "image_path", arr("train/0.png", "train/1.png"), "rank", arr(1, 2)));
        List<UnifiedRecord> rs = convert(PreferenceFormat.HPDV2, ann);
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).pair().task()).isEqualTo(Task.T2I);
        assertThat(rs.get(0).pair().chosen().media().orElseThrow().readAllBytes())
                .isEqualTo(png(Color.GREEN));
        assertThat(rs.get(1).pair().id()).endsWith("/0>1");
        assertThat(rs.get(2).pair().id()).endsWith("/0>2");
        assertThat(last.firstSkips())
                .extracting(SkippedRecord::record, SkippedRecord::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("record 2", "image_path[1]"),
                        org.assertj.core.groups.Tuple.tuple("record 3", "image_path[1]"),
                        org.assertj.core.groups.Tuple.tuple("record 4", "human_preference"),
                        org.assertj.core.groups.Tuple.tuple("record 5", "rank"));
        assertThat(last.firstSkips().get(0).detail()).contains("not found");
        assertThat(last.firstSkips().get(1).detail()).contains("outside");

        Path vp = dir.resolve("vid");
        Files.createDirectories(vp);
        Files.writeString(vp.resolve("a.mp4"), "video a");
        Files.writeString(vp.resolve("b.mp4"), "video b");
        Path vin = jsonLines(
                vp.resolve("pairs.jsonl"),
                obj("prompt", "a cat jumps", "chosen", "a.mp4", "rejected", "b.mp4"),
                obj("prompt", "a dog runs", "video1", "a.mp4", "video2", "b.mp4", "preference", 2),
                obj("prompt", "a bird", "videos", arr("a.mp4", "b.mp4"), "preference", "tie"),
                obj("prompt", "bad", "video1", "a.mp4", "video2", "b.mp4", "preference", 7));
        List<UnifiedRecord> vs = convert(PreferenceFormat.VIDEO_PAIRS, vin);
        assertThat(vs).hasSize(3);
        assertThat(vs.get(1).pair().chosen().media().orElseThrow().readAllBytes())
                .isEqualTo("video b".getBytes(StandardCharsets.UTF_8));
        assertThat(vs.get(2).pair().tie()).isTrue();
        assertThat(last.firstSkips())
                .singleElement()
                .extracting(SkippedRecord::field)
                .isEqualTo("preference");
        // the media were copied next to the output, so the output folder is self-contained
        assertThat(vs.get(0).pair().chosen().media().orElseThrow().path().orElseThrow())
                .startsWith(dir.resolve("out").toAbsolutePath());
    }

    @Test
    void omnirewardbench_records_are_evaluation_only() {
        Path bench = dir.resolve("bench");
        jsonArray(
                bench.resolve("text_to_text_preferences.json"),
                obj(
                        "id",
                        "1",
                        "prompt",
                        "Say hi",
                        "criteria",
                        "Prefer brevity.",
                        "criteria_preference",
                        "response2",
                        "response1",
                        "Hello there, friend!",
                        "response2",
                        "Hi",
                        "model1",
                        "m1",
                        "model2",
                        "m2"),
                obj(
                        "id",
                        "2",
                        "prompt",
                        "Say bye",
                        "criteria",
                        "Prefer brevity.",
                        "criteria_preference",
                        "tie",
                        "response1",
                        "Bye",
                        "response2",
                        "Ciao",
                        "model1",
                        "m1",
                        "model2",
                        "m2"),
                obj(
                        "id",
                        "3",
                        "prompt",
                        "Broken",
                        "criteria",
                        "c",
                        "criteria_preference",
                        "maybe",
                        "response1",
                        "a",
                        "response2",
                        "b"));
        List<UnifiedRecord> rs = convert(PreferenceFormat.OMNIREWARDBENCH, bench);
        assertThat(rs).hasSize(2).allMatch(UnifiedRecord::evaluationOnly);
        assertThat(rs.get(0).pair().chosen().requireText()).isEqualTo("Hi");
        assertThat(rs.get(0).provenance().get("benchmark").get("chosen_model").asText())
                .isEqualTo("m2");
        assertThat(rs.get(1).pair().tie()).isTrue();
        assertThat(last.skipped()).isEqualTo(1);
        // training readers never take them
        ReadResult training = new UnifiedJsonlReader(last.out()).readAll();
        assertThat(training.pairs()).isEmpty();
        assertThat(training.skipped(SkipReason.BENCHMARK_TEST_SPLIT)).isEqualTo(2);
        assertThatThrownBy(() -> PreferenceReaders.reader(PreferenceFormat.OMNIREWARDBENCH, bench))
                .hasMessageContaining("reserved for evaluation");
    }

    @Test
    void existing_readers_are_exposed_as_converters() {
        Path lf = jsonArray(
                dir.resolve("lf.json"),
                obj(
                        "conversations",
                        arr(obj("from", "system", "value", "Be brief."), obj("from", "human", "value", "Hi")),
                        "chosen",
                        obj("from", "gpt", "value", "Hi!"),
                        "rejected",
                        obj("from", "gpt", "value", "Hello, how are you doing today?")));
        assertThat(convert(PreferenceFormat.parse("llamafactory"), lf))
                .singleElement()
                .satisfies(r -> assertThat(r.pair().criteria()).isEqualTo("Be brief."));
        Path ae = jsonArray(
                dir.resolve("ae.json"), Fixtures.alpaca("Name a colour.", "Red.", "Green, a calm colour.", 1.9));
        assertThat(convert(PreferenceFormat.parse("alpaca-eval"), ae))
                .singleElement()
                .satisfies(r -> assertThat(r.pair().chosen().requireText()).isEqualTo("Green, a calm colour."));
        Path cm = jsonLines(
                dir.resolve("cm.jsonl"),
                obj(
                        "chosen_messages",
                                arr(obj("role", "user", "content", "Q"), obj("role", "assistant", "content", "good")),
                        "rejected_messages",
                                arr(obj("role", "user", "content", "Q"), obj("role", "assistant", "content", "bad"))));
        assertThat(convert(PreferenceFormat.parse("chosen-messages"), cm))
                .singleElement()
                .satisfies(r -> assertThat(r.pair().rejected().requireText()).isEqualTo("bad"));
    }
}
