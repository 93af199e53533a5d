package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.export.ConsumerRules;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.export.ExportTarget;
import org.omnireward.data.export.LlamaFactoryFlavor;

/**
 * {@code data export} then {@code data convert} back gives the same records, for every record a target
 * can express; what it cannot express is refused with a reason and counted.
 */
class ExportRoundTripTest {

    @TempDir
    Path dir;

    /** What must survive a round trip: everything but the id and source, which name the new file. */
    record Essence(
            Task task,
            String group,
            String criteria,
            String prompt,
            List<String> inputs,
            List<Integer> inputTurns,
            String chosen,
            String rejected,
            boolean tie) {}

    static Essence essence(UnifiedRecord r) {
        PreferencePair p = r.pair();
        List<String> inputs = p.inputs().stream().map(MediaRef::contentKey).toList();
        return new Essence(
                p.task(),
                p.group(),
                p.criteria(),
                p.prompt(),
                inputs,
                r.inputTurns(),
                key(p.chosen()),
                key(p.rejected()),
                p.tie());
    }

    private static String key(Response r) {
        return r.isText() ? "text:" + r.requireText() : r.media().orElseThrow().contentKey();
    }

    static List<Essence> essences(Path unified) {
        return ConvertersTest.readBack(unified, false).stream()
                .map(ExportRoundTripTest::essence)
                .toList();
    }

    /** The prompt of the record with two assistant turns in a row, as chat exports merge it. */
    static final String RUN_ON =
            "User: Can you help me bake bread?\n\nAssistant: Sure.\n\nAssistant: Do you have" + " yeast?\n\nUser: Yes.";

    static final String RUN_ON_MERGED =
            "User: Can you help me bake bread?\n\nAssistant: Sure.\n\nDo you have" + " yeast?\n\nUser: Yes.";

    /**
     * A unified file with a pair of every kind: text (with significant whitespace and a literal placeholder,
     * a chat, two assistant turns in a row), ti2t (one image; a chat whose second image belongs to its
     * second user turn; two images), tv2t, ta2t, t2i, ti2i, t2v, t2a, t23d, and a tie.
     */
    static Path mixedFile(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("m"));
        Files.write(src.resolve("m/in.png"), ConvertersTest.png(Color.RED));
        Files.write(src.resolve("m/a.png"), ConvertersTest.png(Color.GREEN));
        Files.write(src.resolve("m/b.png"), ConvertersTest.png(Color.BLUE));
        Files.writeString(src.resolve("m/a.mp4"), "video a");
        Files.writeString(src.resolve("m/b.mp4"), "video b");
        Files.writeString(src.resolve("m/a.wav"), "audio a");
        Files.writeString(src.resolve("m/b.wav"), "audio b");
        MediaRef in = MediaRef.underRoot(src, "m/in.png", Modality.IMAGE);
        MediaRef a = MediaRef.underRoot(src, "m/a.png", Modality.IMAGE);
        MediaRef b = MediaRef.underRoot(src, "m/b.png", Modality.IMAGE);
        MediaRef a3 = MediaRef.underRoot(src, "m/a.png", Modality.THREE_D);
        MediaRef b3 = MediaRef.underRoot(src, "m/b.png", Modality.THREE_D);
        MediaRef va = MediaRef.underRoot(src, "m/a.mp4", Modality.VIDEO);
        MediaRef vb = MediaRef.underRoot(src, "m/b.mp4", Modality.VIDEO);
        MediaRef sa = MediaRef.underRoot(src, "m/a.wav", Modality.AUDIO);
        MediaRef sb = MediaRef.underRoot(src, "m/b.wav", Modality.AUDIO);
        List<UnifiedRecord> records = new ArrayList<>();
        String q = "How do I embed a clip with the <video> tag?";
        records.add(UnifiedRecord.of(PreferencePair.text(
                "t1",
                Groups.ofPrompt(q),
                "Prefer <image>-free, correct" + " answers.",
                q,
                "Write <video src=\"c.mp4\" controls></video>.\n",
                "  You cannot. ",
                "s")));
        String chat = "User: Hi\n\nAssistant: Hello! How can I help?\n\nUser: Tell me a joke.";
        records.add(UnifiedRecord.of(PreferencePair.text(
                "t2", Groups.ofPrompt(chat), Criteria.GENERAL, chat, "Why did the chicken…", "No.", "s")));
        records.add(UnifiedRecord.of(PreferencePair.text(
                "t3",
                Groups.ofPrompt(RUN_ON),
                Criteria.GENERAL,
                RUN_ON,
                "Mix flour, water, salt and yeast.",
                "Buy bread.",
                "s")));
        records.add(UnifiedRecord.of(
                pair("i1", Task.TI2T, "What colour?", List.of(in), Response.text("Red."), Response.text("Blue."))));
        String twoTurns = "User: Who is this?\n\nAssistant: A player.\n\nUser: And who is this one?";
        records.add(new UnifiedRecord(
                pair(
                        "i2",
                        Task.TI2T,
                        twoTurns,
                        List.of(in, a),
                        Response.text("A goalkeeper."),
                        Response.text("A referee.")),
                null,
                null,
                List.of(0, 1)));
        records.add(UnifiedRecord.of(pair(
                "i3",
                Task.TI2T,
                "Which of the two is greener?",
                List.of(in, a),
                Response.text("The second."),
                Response.text("The first."))));
        records.add(UnifiedRecord.of(pair(
                "v1", Task.TV2T, "What happens?", List.of(va), Response.text("A pan."), Response.text("Nothing."))));
        records.add(UnifiedRecord.of(pair(
                "a1",
                Task.TA2T,
                "What is this sound?",
                List.of(sa),
                Response.text("Glass."),
                Response.text("A dog."))));
        records.add(UnifiedRecord.of(
                pair("g1", Task.T2I, "a green square", List.of(), Response.media(a), Response.media(b))));
        records.add(UnifiedRecord.of(
                pair("e1", Task.TI2I, "make it green", List.of(in), Response.media(a), Response.media(b))));
        records.add(
                UnifiedRecord.of(pair("m1", Task.T2V, "a video", List.of(), Response.media(va), Response.media(vb))));
        records.add(UnifiedRecord.of(
                pair("s1", Task.T2A, "glass breaking", List.of(), Response.media(sa), Response.media(sb))));
        records.add(
                UnifiedRecord.of(pair("d1", Task.T23D, "a chair", List.of(), Response.media(a3), Response.media(b3))));
        records.add(UnifiedRecord.of(new PreferencePair(
                "tie1",
                Task.T2T,
                Groups.ofPrompt("2+2?"),
                Criteria.GENERAL,
                "2+2?",
                List.of(),
                Response.text("4"),
                Response.text("four"),
                true,
                "s")));
        Path f = src.resolve("mixed.jsonl");
        try (UnifiedJsonlWriter w = UnifiedJsonlWriter.create(f)) {
            records.forEach(w::write);
        }
        return f;
    }

    private static PreferencePair pair(
            String id, Task task, String prompt, List<MediaRef> inputs, Response chosen, Response rejected) {
        return new PreferencePair(
                id,
                task,
                Groups.ofPrompt(prompt),
                "Prefer the better one.",
                prompt,
                inputs,
                chosen,
                rejected,
                false,
                "s");
    }

    /** The essences of the source records with these ids, the run-on chat as chat exports merge it. */
    private List<Essence> expected(Path unified, List<String> ids) {
        List<UnifiedRecord> all = ConvertersTest.readBack(unified, false);
        List<Essence> out = new ArrayList<>();
        for (String id : ids) {
            UnifiedRecord r = all.stream()
                    .filter(x -> x.pair().id().equals(id))
                    .findFirst()
                    .orElseThrow();
            Essence e = essence(r);
            if (e.prompt().equals(RUN_ON)) {
                e = new Essence(
                        e.task(),
                        Groups.ofPrompt(RUN_ON_MERGED),
                        e.criteria(),
                        RUN_ON_MERGED,
                        e.inputs(),
                        e.inputTurns(),
                        e.chosen(),
                        e.rejected(),
                        e.tie());
            }
            out.add(e);
        }
        return out;
    }

    /** Converts every data file of an export back with {@code format}; the essences in file order. */
    private List<Essence> convertBack(DataExport.Report r, PreferenceFormat format) {
        List<Essence> out = new ArrayList<>();
        for (DataExport.FileReport f : r.files()) {
            Path back = dir.resolve("back").resolve(r.target().id()).resolve(f.name() + ".jsonl");
            DataConversion.Report c = DataConversion.convert(format, f.file(), back, Optional.empty(), null);
            assertThat(c.skipped())
                    .as("records of %s not read back: %s", f.file(), c.firstSkips())
                    .isZero();
            out.addAll(essences(back));
        }
        return out;
    }

    private static Map<String, Long> reasons(DataExport.Report r) {
        return r.notExported().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue));
    }

    @Test
    void upstream_llamafactory_writes_a_file_per_task_refuses_media_responses_and_converts_back() throws IOException {
        Path unified = mixedFile(dir);
        DataExport.Report r = DataExport.export(
                ExportTarget.LLAMAFACTORY, LlamaFactoryFlavor.UPSTREAM, unified, dir.resolve("lf"), "omni", 1, null);
        assertThat(r.files())
                .extracting(DataExport.FileReport::name)
                .containsExactly("omni_t2t_mixed", "omni_ti2t_mixed", "omni_tv2t_mixed", "omni_ta2t_mixed");
        assertThat(r.records()).isEqualTo(8);
        assertThat(reasons(r)).isEqualTo(Map.of("media_responses", 5L, "tie", 1L));
        assertThat(r.firstNotExported())
                .anySatisfy(s -> assertThat(s.detail()).contains("--flavor omnireward-factory"));
        assertThat(r.mergedTurns()).isEqualTo(1);
        assertThat(r.escapedPlaceholders()).isEqualTo(1);
        JsonNode info = Json.readTree(dir.resolve("lf/dataset_info.json"));
        assertThat(info.get("omni_t2t_mixed").get("columns").has("images")).isFalse();
        assertThat(info.get("omni_ti2t_mixed").get("columns").get("images").asText())
                .isEqualTo("images");
        assertThat(info.get("omni_ti2t_mixed").get("columns").has("videos")).isFalse();
        assertThat(info.get("omni_ta2t_mixed").get("columns").get("audios").asText())
                .isEqualTo("audios");
        JsonNode text = Json.readTree(dir.resolve("lf/omni_t2t_mixed.json"));
        assertThat(text.get(0).get("chosen").get("value").asText())
                .isEqualTo("Write <video src=\"c.mp4\"" + " controls></video>.\n");
        assertThat(text.get(0).get("conversations").get(0).get("value").asText())
                .isEqualTo("How do I embed a clip" + " with the <\u200Bvideo> tag?");
        assertThat(text.get(0).get("system").asText()).isEqualTo("Prefer <\u200Bimage>-free, correct answers.");
        assertThat(text.get(2).get("conversations")).hasSize(3);
        JsonNode chat = Json.readTree(dir.resolve("lf/omni_ti2t_mixed.json")).get(1);
        assertThat(chat.get("conversations").get(0).get("value").asText()).isEqualTo("<image>\nWho is this?");
        assertThat(chat.get("conversations").get(2).get("value").asText()).isEqualTo("<image>\nAnd who is this one?");
        assertThat(chat.get("images")).hasSize(2);
        assertThat(ConsumerRules.llamaFactory(dir.resolve("lf"), LlamaFactoryFlavor.UPSTREAM))
                .isEmpty();
        assertThat(convertBack(r, PreferenceFormat.LLAMAFACTORY_RANKING))
                .containsExactlyElementsOf(expected(unified, List.of("t1", "t2", "t3", "i1", "i2", "i3", "v1", "a1")));
    }

    @Test
    void omnireward_factory_flavor_writes_media_responses_per_side_and_converts_back() throws IOException {
        Path unified = mixedFile(dir);
        DataExport.Report r = DataExport.export(
                ExportTarget.LLAMAFACTORY,
                LlamaFactoryFlavor.OMNIREWARD_FACTORY,
                unified,
                dir.resolve("lf"),
                "omni",
                1,
                null);
        assertThat(r.records()).isEqualTo(11);
        assertThat(reasons(r)).as("two-image prompts and the tie").isEqualTo(Map.of("unsupported", 2L, "tie", 1L));
        assertThat(r.firstNotExported()).anySatisfy(s -> assertThat(s.detail()).contains("--flavor upstream"));
        JsonNode edit = Json.readTree(dir.resolve("lf/omni_ti2i_mixed.json")).get(0);
        assertThat(edit.get("images")).hasSize(4);
        assertThat(edit.get("images").get(0)).isEqualTo(edit.get("images").get(2));
        assertThat(edit.get("chosen")).isEqualTo(edit.get("rejected"));
        assertThat(Json.readTree(dir.resolve("lf/omni_t2v_mixed.json")).get(0).get("videos"))
                .hasSize(2);
        assertThat(Json.readTree(dir.resolve("lf/omni_t23d_mixed.json"))
                        .get(0)
                        .get("task")
                        .asText())
                .isEqualTo("t23d");
        assertThat(ConsumerRules.llamaFactory(dir.resolve("lf"), LlamaFactoryFlavor.OMNIREWARD_FACTORY))
                .isEmpty();
        assertThat(convertBack(r, PreferenceFormat.LLAMAFACTORY_RANKING))
                .containsExactlyElementsOf(
                        expected(unified, List.of("t1", "t2", "t3", "i1", "v1", "a1", "g1", "m1", "s1", "d1", "e1")));
    }

    @Test
    void trl_writes_text_and_image_files_in_trls_shapes_and_converts_back_byte_for_byte() throws IOException {
        Path unified = mixedFile(dir);
        DataExport.Report r = DataExport.export(ExportTarget.TRL, unified, dir.resolve("trl"), "omni", 1, null);
        assertThat(r.files())
                .extracting(DataExport.FileReport::name)
                .containsExactly("omni_t2t_mixed", "omni_ti2t_mixed");
        assertThat(reasons(r)).isEqualTo(Map.of("tie", 1L, "media_responses", 5L, "unsupported_media", 2L));
        List<String> text = Files.readAllLines(dir.resolve("trl/omni_t2t_mixed.jsonl"));
        JsonNode first = Json.mapper().readTree(text.get(0));
        assertThat(first.has("images")).isFalse();
        assertThat(first.get("rejected").get(0).get("content").asText()).isEqualTo("  You cannot. ");
        assertThat(first.get("prompt").get(1).get("content").asText())
                .isEqualTo("How do I embed a clip with the" + " <video> tag?");
        JsonNode chat = Json.mapper()
                .readTree(Files.readAllLines(dir.resolve("trl/omni_ti2t_mixed.jsonl"))
                        .get(1));
        assertThat(chat.get("prompt").get(0).get("content").get(0).get("type").asText())
                .isEqualTo("text");
        assertThat(chat.get("prompt").get(1).get("content").get(0).get("type").asText())
                .isEqualTo("image");
        assertThat(chat.get("prompt").get(2).get("content")).hasSize(1);
        assertThat(chat.get("prompt").get(3).get("content").get(0).get("type").asText())
                .isEqualTo("image");
        assertThat(chat.get("chosen").get(0).get("content").get(0).get("type").asText())
                .isEqualTo("text");
        assertThat(ConsumerRules.trl(dir.resolve("trl"))).isEmpty();
        assertThat(convertBack(r, PreferenceFormat.CHAT_PAIRS))
                .containsExactlyElementsOf(expected(unified, List.of("t1", "t2", "t3", "i1", "i2", "i3")));
    }

    @Test
    void easyr1_writes_media_columns_only_where_rows_have_media_refuses_audio_and_keeps_ties_as_c() throws IOException {
        Path unified = mixedFile(dir);
        DataExport.Report r = DataExport.export(ExportTarget.EASYR1, unified, dir.resolve("r1"), "omni", 1, null);
        assertThat(reasons(r)).isEqualTo(Map.of("unsupported_media", 2L));
        assertThat(r.records()).isEqualTo(12);
        assertThat(r.sideFiles())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(DataExport.EASYR1_REWARD, DataExport.EASYR1_FORMAT);
        assertThat(ConsumerRules.easyR1(dir.resolve("r1"))).isEmpty();
        List<String> text = Files.readAllLines(dir.resolve("r1/omni_t2t_mixed.jsonl"));
        JsonNode tie = Json.mapper().readTree(text.get(3));
        assertThat(tie.get("answer").asText()).isEqualTo("C");
        assertThat(tie.has("images")).isFalse();
        JsonNode chat = Json.mapper()
                .readTree(Files.readAllLines(dir.resolve("r1/omni_ti2t_mixed.jsonl"))
                        .get(1));
        assertThat(chat.get("problem").asText())
                .contains("User: <image>\nWho is this?", "User: <image>\nAnd who is this one?");
        JsonNode edit = Json.mapper()
                .readTree(Files.readAllLines(dir.resolve("r1/omni_ti2i_mixed.jsonl"))
                        .get(0));
        assertThat(edit.get("images")).hasSize(3);
        JsonNode t1 = Json.mapper().readTree(text.get(0));
        String chosenSection =
                t1.get("answer").asText().equals("A") ? "[[RESPONSE A]]\nWrite" : "[[RESPONSE B]]\nWrite";
        assertThat(t1.get("problem").asText()).contains(chosenSection).contains("<video>");
    }
}
