package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.export.ExportTarget;

/** {@code data export} then {@code data convert} back gives the same records. */
class ExportRoundTripTest {

    @TempDir
    Path dir;

    /** What must survive a round trip: everything but the id and source, which name the new file. */
    record Essence(Task task, String group, String criteria, String prompt, List<String> inputs, String chosen,
            String rejected, boolean tie) {
    }

    static Essence essence(PreferencePair p) {
        List<String> inputs = p.inputs().stream().map(MediaRef::contentKey).toList();
        return new Essence(p.task(), p.group(), p.criteria(), p.prompt(), inputs, key(p.chosen()), key(p.rejected()),
                p.tie());
    }

    private static String key(Response r) {
        return r.isText() ? "text:" + r.requireText() : r.media().orElseThrow().contentKey();
    }

    static List<Essence> essences(Path unified) {
        return ConvertersTest.readBack(unified, false).stream().map(r -> essence(r.pair())).toList();
    }

    /** A unified file with text, multi-turn, image-input, image-output, edit, video and 3D pairs. */
    private Path mixedFile() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("m"));
        Files.write(src.resolve("m/in.png"), ConvertersTest.png(Color.RED));
        Files.write(src.resolve("m/a.png"), ConvertersTest.png(Color.GREEN));
        Files.write(src.resolve("m/b.png"), ConvertersTest.png(Color.BLUE));
        Files.writeString(src.resolve("m/a.mp4"), "video a");
        Files.writeString(src.resolve("m/b.mp4"), "video b");
        MediaRef in = MediaRef.underRoot(src, "m/in.png", Modality.IMAGE);
        MediaRef a = MediaRef.underRoot(src, "m/a.png", Modality.IMAGE);
        MediaRef b = MediaRef.underRoot(src, "m/b.png", Modality.IMAGE);
        MediaRef a3 = MediaRef.underRoot(src, "m/a.png", Modality.THREE_D);
        MediaRef b3 = MediaRef.underRoot(src, "m/b.png", Modality.THREE_D);
        MediaRef va = MediaRef.underRoot(src, "m/a.mp4", Modality.VIDEO);
        MediaRef vb = MediaRef.underRoot(src, "m/b.mp4", Modality.VIDEO);
        List<PreferencePair> pairs = new ArrayList<>();
        pairs.add(PreferencePair.text("t1", Groups.ofPrompt("Name a prime."), "Prefer the smallest.", "Name a prime.",
                "2", "7", "s"));
        String chat = "User: Hi\n\nAssistant: Hello! How can I help?\n\nUser: Tell me a joke.";
        pairs.add(PreferencePair.text("t2", Groups.ofPrompt(chat), Criteria.GENERAL, chat, "Why did the chicken…",
                "No.", "s"));
        pairs.add(new PreferencePair("i1", Task.TI2T, Groups.ofPrompt("What colour?"), "Prefer accuracy.",
                "What colour?", List.of(in), Response.text("Red."), Response.text("Blue."), false, "s"));
        pairs.add(new PreferencePair("g1", Task.T2I, Groups.ofPrompt("a green square"), "Prefer fidelity.",
                "a green square", List.of(), Response.media(a), Response.media(b), false, "s"));
        pairs.add(new PreferencePair("e1", Task.TI2I, Groups.ofPrompt("make it green"), "Prefer the edit asked for.",
                "make it green", List.of(in), Response.media(a), Response.media(b), false, "s"));
        pairs.add(new PreferencePair("v1", Task.T2V, Groups.ofPrompt("a video"), "Prefer motion.", "a video",
                List.of(), Response.media(va), Response.media(vb), false, "s"));
        pairs.add(new PreferencePair("d1", Task.T23D, Groups.ofPrompt("a chair"), "Prefer the chair.", "a chair",
                List.of(), Response.media(a3), Response.media(b3), false, "s"));
        Path f = src.resolve("mixed.jsonl");
        UnifiedJsonlWriter.writeAll(f, pairs);
        return f;
    }

    @Test
    void llamafactory_export_converts_back_to_the_same_records_for_every_kind_of_pair() throws IOException {
        Path unified = mixedFile();
        DataExport.Report r = DataExport.export(ExportTarget.LLAMAFACTORY, unified, dir.resolve("lf"), "omni", 1, null);
        assertThat(r.records()).isEqualTo(7);
        JsonNode info = Json.readTree(dir.resolve("lf/dataset_info.json"));
        JsonNode entry = info.get("omni_mixed");
        assertThat(entry.get("ranking").asBoolean()).isTrue();
        assertThat(entry.get("formatting").asText()).isEqualTo("sharegpt");
        Path data = dir.resolve("lf").resolve(entry.get("file_name").asText());
        JsonNode arr = Json.readTree(data);
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.get(0).get("system").asText()).isEqualTo("Prefer the smallest.");
        assertThat(arr.get(1).get("conversations")).hasSize(3);
        assertThat(arr.get(2).get("conversations").get(0).get("value").asText()).isEqualTo("<image>What colour?");
        assertThat(arr.get(4).get("images")).hasSize(3);
        assertThat(arr.get(4).get("chosen").get("value").asText()).isEqualTo("<image>");
        assertThat(arr.get(5).get("videos")).hasSize(2);
        assertThat(entry.get("columns").get("images").asText()).isEqualTo("images");
        for (JsonNode rec : arr) {
            for (String col : List.of("images", "videos")) {
                rec.path(col).forEach(p -> assertThat(dir.resolve("lf").resolve(p.asText())).exists());
            }
        }
        Path back = dir.resolve("back/lf.jsonl");
        DataConversion.Report c = DataConversion.convert(PreferenceFormat.parse("llamafactory"), data, back,
                Optional.empty(), null);
        assertThat(c.skipped()).isZero();
        assertThat(essences(back)).containsExactlyElementsOf(essences(unified));
    }

    @Test
    void trl_export_converts_back_with_chat_pairs_and_media_responses_are_reported_not_exported() throws IOException {
        Path unified = mixedFile();
        DataExport.Report r = DataExport.export(ExportTarget.TRL, unified, dir.resolve("trl"), "omni", 1, null);
        DataExport.FileReport f = r.files().get(0);
        assertThat(f.records()).isEqualTo(3);
        assertThat(f.skippedByReason()).containsEntry(SkipReason.UNSUPPORTED, 4L);
        JsonNode first = Json.mapper().readTree(Files.readAllLines(f.file()).get(0));
        assertThat(first.get("prompt").get(0).get("role").asText()).isEqualTo("system");
        assertThat(first.get("chosen").get(0).get("role").asText()).isEqualTo("assistant");
        Path back = dir.resolve("back/trl.jsonl");
        DataConversion.convert(PreferenceFormat.CHAT_PAIRS, f.file(), back, Optional.empty(), null);
        assertThat(essences(back)).containsExactlyElementsOf(essences(unified).subList(0, 3));
    }

    @Test
    void easyr1_export_places_the_chosen_response_by_a_seeded_hash_and_lists_media_in_placeholder_order()
            throws IOException {
        Path unified = mixedFile();
        DataExport.Report r = DataExport.export(ExportTarget.EASYR1, unified, dir.resolve("r1"), "omni", 1, null);
        List<String> lines = Files.readAllLines(r.files().get(0).file());
        assertThat(lines).hasSize(7);
        for (String line : lines) {
            JsonNode o = Json.mapper().readTree(line);
            String problem = o.get("problem").asText();
            assertThat(o.get("answer").asText()).isIn("A", "B");
            assertThat(problem).contains("[[RESPONSE A]]", "[[RESPONSE B]]", "[[CRITERION]]");
            int placeholders = problem.split("<image>", -1).length - 1 + problem.split("<video>", -1).length - 1;
            assertThat(o.path("images").size() + o.path("videos").size()).isEqualTo(placeholders);
        }
        JsonNode text = Json.mapper().readTree(lines.get(0));
        String chosenSection = text.get("answer").asText().equals("A") ? "[[RESPONSE A]]\n2\n" : "[[RESPONSE B]]\n2\n";
        assertThat(text.get("problem").asText()).contains(chosenSection);
    }

    @Test
    void exports_refuse_benchmark_records_and_count_ties() throws IOException {
        Path f = dir.resolve("u.jsonl");
        Fixtures.jsonLines(f,
                Fixtures.obj("id", "b", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "x", "rejected", "y",
                        "split", "test", "schema_version", 3),
                Fixtures.obj("id", "t", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "x", "rejected", "y",
                        "tie", true, "schema_version", 3),
                Fixtures.obj("id", "ok", "task", "t2t", "criteria", "c", "prompt", "p", "chosen", "x", "rejected", "y"));
        DataExport.FileReport r = DataExport.export(ExportTarget.LLAMAFACTORY, f, dir.resolve("o"), "x", 1, null)
                .files().get(0);
        assertThat(r.records()).isEqualTo(1);
        assertThat(r.skippedByReason()).containsEntry(SkipReason.BENCHMARK_TEST_SPLIT, 1L)
                .containsEntry(SkipReason.UNSUPPORTED, 1L);
        assertThatThrownBy(() -> DataExport.export(ExportTarget.parse("gguf"), f, dir.resolve("o"), "x", 1, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("llamafactory, trl, easyr1");
    }
}
