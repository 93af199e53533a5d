package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.data.benchmark.Fixtures.entries;
import static org.omnireward.data.benchmark.Fixtures.invalid;
import static org.omnireward.data.benchmark.Fixtures.load;
import static org.omnireward.data.benchmark.Fixtures.textRecord;
import static org.omnireward.data.benchmark.Fixtures.valid;
import static org.omnireward.data.benchmark.Fixtures.with;
import static org.omnireward.data.benchmark.Fixtures.writeBytes;
import static org.omnireward.data.benchmark.Fixtures.writeJson;
import static org.omnireward.data.benchmark.Fixtures.writeJsonl;
import static org.omnireward.data.benchmark.Fixtures.writeString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;

class JsonLayoutTest {

    @TempDir
    Path dir;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    @Test
    void reads_text_records_of_a_preferences_json_file() throws Exception {
        writeJson(
                dir.resolve("text_to_text_preferences.json"),
                List.of(textRecord("a", "response1"), textRecord("b", "tie")));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.format()).isEqualTo(BenchmarkFormat.JSON);
            assertThat(src.tasks()).containsExactly(Task.T2T);
            assertThat(src.mediaRoot()).isEqualTo(dir.toAbsolutePath().normalize());
            List<LoadedEntry> es = entries(src, Task.T2T);
            assertThat(es).hasSize(2);
            PreferenceSample a = valid(es.get(0)).sample();
            assertThat(a.id()).isEqualTo("a");
            assertThat(a.prompt()).isEqualTo("Explain a");
            assertThat(a.criteria()).isEqualTo("Prefer the clearer answer.");
            assertThat(a.label()).contains(Preference.RESPONSE1);
            assertThat(a.response1().requireText()).isEqualTo("first answer of a");
            assertThat(a.response2().requireText()).isEqualTo("second answer of a");
            assertThat(a.model1()).contains("m-a");
            assertThat(valid(es.get(1)).sample().label()).contains(Preference.TIE);
            assertThat(es.get(1).index()).isEqualTo(1);
            assertThat(es.get(1).origin().record()).isEqualTo(2);
        }
    }

    @Test
    void detects_plain_json_and_jsonl_names_case_insensitively() {
        writeJson(dir.resolve("TEXT_TO_TEXT.json"), List.of(textRecord("a", "response1")));
        writeJsonl(
                dir.resolve("text_image_to_text.jsonl"),
                List.of(with(with(textRecord("b", "response2"), "image", "img/x.png"), "id", "b")));
        writeBytes(dir.resolve("media_data/img/x.png"), PNG);

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.tasks()).containsExactly(Task.T2T, Task.TI2T);
            assertThat(src.mediaRoot())
                    .isEqualTo(dir.resolve("media_data").toAbsolutePath().normalize());
            PreferenceSample b = valid(entries(src, Task.TI2T).get(0)).sample();
            MediaRef img = b.inputs().get(0);
            assertThat(img.modality()).isEqualTo(Modality.IMAGE);
            assertThat(img.readAllBytesUnchecked()).isEqualTo(PNG);
            assertThat(valid(entries(src, Task.T2T).get(0)).sample().id()).isEqualTo("a");
        }
    }

    @Test
    void resolves_media_fields_of_every_task_under_the_media_root() {
        Path media = dir.resolve("media_data");
        for (String f : List.of(
                "i/src.png",
                "v/clip.mp4",
                "a/clip.wav",
                "r/1.png",
                "r/2.png",
                "r/1.mp4",
                "r/2.mp4",
                "r/1.wav",
                "r/2.wav",
                "r/1_3d.png",
                "r/2_3d.png")) {
            writeBytes(media.resolve(f), f.getBytes());
        }
        Map<String, Object> base = textRecord("x", "response2");
        writeJson(dir.resolve("text_video_to_text_preferences.json"), List.of(with(base, "video", "v/clip.mp4")));
        writeJson(
                dir.resolve("text_audio_to_text_preferences.json"),
                List.of(with(with(base, "audio", null), "audio_path", "a/clip.wav")));
        writeJson(
                dir.resolve("text_to_image_preferences.json"),
                List.of(with(with(base, "response1_path", "r/1.png"), "response2_path", "r/2.png")));
        writeJson(
                dir.resolve("text_to_video_preferences.json"),
                List.of(with(with(base, "response1", "r/1.mp4"), "response2", "r/2.mp4")));
        writeJson(
                dir.resolve("text_to_audio_preferences.json"),
                List.of(with(with(base, "response1_path", "r/1.wav"), "response2_path", "r/2.wav")));
        writeJson(
                dir.resolve("text_to_3D_preferences.json"),
                List.of(with(with(base, "response1_path", "r/1_3d.png"), "response2_path", "r/2_3d.png")));
        writeJson(
                dir.resolve("text_image_to_image_preferences.json"),
                List.of(with(
                        with(with(base, "image_path", "i/src.png"), "response1_path", "r/1.png"),
                        "response2_path",
                        "r/2.png")));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.tasks())
                    .containsExactly(Task.TV2T, Task.TA2T, Task.T2I, Task.T2V, Task.T2A, Task.T23D, Task.TI2I);
            assertThat(input(src, Task.TV2T)).isEqualTo("v/clip.mp4");
            assertThat(input(src, Task.TA2T)).isEqualTo("a/clip.wav");
            assertThat(input(src, Task.TI2I)).isEqualTo("i/src.png");
            assertThat(responses(src, Task.T2I)).containsExactly("r/1.png", "r/2.png");
            assertThat(responses(src, Task.T2V)).containsExactly("r/1.mp4", "r/2.mp4");
            assertThat(responses(src, Task.T2A)).containsExactly("r/1.wav", "r/2.wav");
            assertThat(responses(src, Task.T23D)).containsExactly("r/1_3d.png", "r/2_3d.png");
            assertThat(responses(src, Task.TI2I)).containsExactly("r/1.png", "r/2.png");
            PreferenceSample t2v = valid(entries(src, Task.T2V).get(0)).sample();
            assertThat(t2v.response1().media().orElseThrow().modality()).isEqualTo(Modality.VIDEO);
            assertThat(t2v.response1().media().orElseThrow().readAllBytesUnchecked())
                    .isEqualTo("r/1.mp4".getBytes());
            PreferenceSample t23d = valid(entries(src, Task.T23D).get(0)).sample();
            assertThat(t23d.response2().media().orElseThrow().modality()).isEqualTo(Modality.THREE_D);
        }
    }

    private static String input(BenchmarkSource src, Task t) {
        return valid(entries(src, t).get(0)).sample().inputs().get(0).name();
    }

    private static List<String> responses(BenchmarkSource src, Task t) {
        PreferenceSample s = valid(entries(src, t).get(0)).sample();
        return List.of(
                s.response1().media().orElseThrow().name(),
                s.response2().media().orElseThrow().name());
    }

    @Test
    void uses_the_given_media_root() {
        Path elsewhere = dir.resolve("elsewhere");
        writeBytes(elsewhere.resolve("p.png"), PNG);
        Path bench = dir.resolve("bench");
        writeJson(
                bench.resolve("text_image_to_text_preferences.json"),
                List.of(with(textRecord("a", "response1"), "image_path", "p.png")));

        List<LoadedEntry> es = load(bench, LoadOptions.defaults().withMediaRoot(elsewhere), Task.TI2T);

        assertThat(valid(es.get(0)).sample().inputs().get(0).path())
                .contains(elsewhere.resolve("p.png").toAbsolutePath().normalize());
    }

    @Test
    void rejects_record_missing_a_required_field_naming_it() {
        writeJson(
                dir.resolve("text_to_text.json"),
                List.of(
                        with(textRecord("a", "response1"), "prompt", "<remove>"),
                        with(textRecord("b", "response1"), "criteria_preference", "<remove>"),
                        with(textRecord("c", "response1"), "response2", "<remove>")));

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(invalid(es.get(0)).reason()).isEqualTo("field 'prompt' is missing");
        assertThat(invalid(es.get(0)).id()).isEqualTo("a");
        assertThat(invalid(es.get(1)).reason()).isEqualTo("field 'criteria_preference' is missing");
        assertThat(invalid(es.get(1)).knownLabel()).isEmpty();
        assertThat(invalid(es.get(2)).reason()).isEqualTo("field 'response2' is missing");
        assertThat(invalid(es.get(2)).knownLabel()).contains(Preference.RESPONSE1);
    }

    @Test
    void record_without_id_is_invalid_and_named_after_file_and_record() {
        writeJson(
                dir.resolve("text_to_text.json"),
                List.of(textRecord("a", "tie"), with(textRecord("ignored", "tie"), "id", "<remove>")));

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(invalid(es.get(1)).id()).isEqualTo("text_to_text.json#2");
        assertThat(invalid(es.get(1)).reason()).contains("field 'id' is missing");
    }

    @Test
    void rejects_label_outside_the_three_values_quoting_it() {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("a", "better")));

        LoadedEntry.Invalid i =
                invalid(load(dir, LoadOptions.defaults(), Task.T2T).get(0));

        assertThat(i.reason())
                .isEqualTo("field 'criteria_preference' is 'better' (expected response1, response2 or tie)");
        assertThat(i.knownLabel()).isEmpty();
    }

    @Test
    void rejects_empty_criterion_but_accepts_empty_text_responses() {
        writeJson(
                dir.resolve("text_to_text.json"),
                List.of(
                        with(textRecord("a", "response1"), "criteria", "  "),
                        with(textRecord("b", "response1"), "response1", ""),
                        with(textRecord("c", "response2"), "response2", "")));

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(invalid(es.get(0)).reason()).isEqualTo("field 'criteria' is empty");
        assertThat(valid(es.get(1)).sample().response1().requireText()).isEmpty();
        assertThat(valid(es.get(2)).sample().response2().requireText()).isEmpty();
        assertThat(valid(es.get(2)).sample().label()).contains(Preference.RESPONSE2);
    }

    @Test
    void a_missing_text_response_is_still_invalid() {
        writeJson(
                dir.resolve("text_to_text.json"), List.of(with(textRecord("a", "response1"), "response2", "<remove>")));

        assertThat(invalid(load(dir, LoadOptions.defaults(), Task.T2T).get(0)).reason())
                .isEqualTo("field 'response2' is missing");
    }

    @Test
    void rejects_sample_with_missing_media_naming_the_path() {
        writeJson(
                dir.resolve("text_to_image.json"),
                List.of(with(
                        with(textRecord("a", "response1"), "response1_path", "imgs/there.png"),
                        "response2_path",
                        "imgs/gone.png")));
        writeBytes(dir.resolve("imgs/there.png"), PNG);

        LoadedEntry.Invalid i =
                invalid(load(dir, LoadOptions.defaults(), Task.T2I).get(0));

        assertThat(i.reason()).startsWith("field 'response2_path': media file not found: imgs/gone.png");
        assertThat(i.knownLabel()).contains(Preference.RESPONSE1);
    }

    @Test
    void rejects_media_path_escaping_the_media_root_without_reading_it() throws Exception {
        Path root = dir.resolve("bench");
        writeString(dir.resolve("secret.png"), "not for you");
        writeJson(
                root.resolve("text_image_to_text.json"),
                List.of(
                        with(textRecord("a", "response1"), "image", "../secret.png"),
                        with(textRecord("b", "response1"), "image", "/etc/passwd")));

        List<LoadedEntry> es = load(root, LoadOptions.defaults(), Task.TI2T);

        assertThat(invalid(es.get(0)).reason()).contains("'../secret.png'").contains("outside the media root");
        assertThat(invalid(es.get(1)).reason()).contains("'/etc/passwd'").contains("absolute");
    }

    @Test
    void later_occurrences_of_an_id_are_duplicates() {
        writeJson(
                dir.resolve("text_to_text.json"),
                List.of(
                        textRecord("a", "response1"),
                        textRecord("b", "tie"),
                        textRecord("a", "response2"),
                        textRecord("a", "tie")));

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es.get(0)).isInstanceOf(LoadedEntry.Valid.class);
        assertThat(invalid(es.get(2)).reason()).isEqualTo("duplicate id a, first seen at record 1");
        assertThat(invalid(es.get(3)).reason()).isEqualTo("duplicate id a, first seen at record 1");
        assertThat(invalid(es.get(2)).knownLabel()).contains(Preference.RESPONSE2);
    }

    @Test
    void ids_are_unique_per_task_not_across_tasks() {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("same", "response1")));
        writeJson(
                dir.resolve("text_image_to_text.json"),
                List.of(with(textRecord("same", "response1"), "image", "x.png")));
        writeBytes(dir.resolve("x.png"), PNG);

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(entries(src, Task.T2T).get(0)).isInstanceOf(LoadedEntry.Valid.class);
            assertThat(entries(src, Task.TI2T).get(0)).isInstanceOf(LoadedEntry.Valid.class);
        }
    }

    @Test
    void reports_every_problem_of_a_record_at_once() {
        writeJson(
                dir.resolve("text_to_text.json"),
                List.of(with(with(textRecord("a", "maybe"), "criteria", ""), "response2", 42)));

        String reason =
                invalid(load(dir, LoadOptions.defaults(), Task.T2T).get(0)).reason();

        assertThat(reason)
                .contains("field 'criteria' is empty")
                .contains("'maybe'")
                .contains("field 'response2' is the number 42 (expected a string)");
    }

    @Test
    void corrupt_json_yields_records_read_so_far_then_one_invalid_entry_with_line_and_column() {
        String good = "  {\"id\":\"a\",\"prompt\":\"p\",\"criteria\":\"c\",\"criteria_preference\":\"tie\","
                + "\"response1\":\"x\",\"response2\":\"y\"}";
        writeString(dir.resolve("text_to_text.json"), "[\n" + good + ",\n  {\"id\": \"b\", \"prompt\" \"oops\"}\n]\n");
        writeJsonl(dir.resolve("text_to_text.jsonl"), List.of(textRecord("c", "response1")));

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).hasSize(3);
        assertThat(valid(es.get(0)).sample().id()).isEqualTo("a");
        LoadedEntry.Invalid bad = invalid(es.get(1));
        assertThat(bad.reason()).startsWith("bad JSON in text_to_text.json at line 3 column ");
        assertThat(bad.id()).isEqualTo("text_to_text.json#2");
        assertThat(bad.origin().file().getFileName().toString()).isEqualTo("text_to_text.json");
        assertThat(bad.index()).isEqualTo(1);
        // the next file (sorted by name) still streams, and indexes continue
        assertThat(valid(es.get(2)).sample().id()).isEqualTo("c");
        assertThat(es.get(2).index()).isEqualTo(2);
        assertThat(es.get(2).origin().record()).isEqualTo(1);
    }

    @Test
    void truncated_json_array_is_reported_once() {
        writeString(dir.resolve("text_to_text.json"), "[{\"id\": \"a\", \"prompt\": \"p");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).hasSize(1);
        assertThat(invalid(es.get(0)).reason()).contains("bad JSON in text_to_text.json at line 1 column");
    }

    @Test
    void json_file_that_is_not_an_array_says_what_was_expected() {
        writeString(dir.resolve("text_to_text.json"), "{\"id\": \"a\"}\n{\"id\": \"b\"}\n");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).hasSize(1);
        assertThat(invalid(es.get(0)).reason())
                .contains("expected a JSON array")
                .contains(".jsonl");
    }

    @Test
    void array_element_that_is_not_an_object_is_one_invalid_record() {
        writeString(dir.resolve("text_to_text.json"), "[42, " + toJson(textRecord("a", "tie")) + "]");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(invalid(es.get(0)).reason()).contains("array element 1 is a number, expected a JSON object");
        assertThat(valid(es.get(1)).sample().id()).isEqualTo("a");
    }

    @Test
    void jsonl_bad_line_is_invalid_and_reading_goes_on() {
        writeString(
                dir.resolve("text_to_text.jsonl"),
                toJson(textRecord("a", "tie")) + "\n\n{broken\n" + toJson(textRecord("b", "tie")) + "\n");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).hasSize(3);
        assertThat(invalid(es.get(1)).reason()).startsWith("bad JSON in text_to_text.jsonl at line 3 column");
        assertThat(es.get(1).origin().record()).isEqualTo(3);
        assertThat(valid(es.get(2)).sample().id()).isEqualTo("b");
        assertThat(es.get(2).origin().record()).isEqualTo(4);
    }

    @Test
    void streams_records_lazily_in_file_order_with_zero_based_index() {
        java.util.List<Map<String, Object>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(textRecord("r" + i, i % 3 == 0 ? "tie" : "response1"));
        }
        writeJson(dir.resolve("text_to_text_preferences.json"), many);

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults());
                var s = src.entries(Task.T2T)) {
            List<LoadedEntry> first = s.limit(3).toList();
            assertThat(first).extracting(LoadedEntry::id).containsExactly("r0", "r1", "r2");
        }
        List<LoadedEntry> all = load(dir, LoadOptions.defaults(), Task.T2T);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).index()).isEqualTo(i);
            assertThat(all.get(i).id()).isEqualTo("r" + i);
        }
    }

    @Test
    void integral_numeric_ids_are_read_as_text() {
        Map<String, Object> r = new LinkedHashMap<>(textRecord("x", "tie"));
        r.put("id", 17);
        writeJson(dir.resolve("text_to_text.json"), List.of(r));

        assertThat(valid(load(dir, LoadOptions.defaults(), Task.T2T).get(0))
                        .sample()
                        .id())
                .isEqualTo("17");
    }

    @Test
    void json_files_report_their_paths() throws Exception {
        writeJson(dir.resolve("text_to_text.json"), List.of(textRecord("a", "tie")));
        writeJsonl(dir.resolve("text_to_text.jsonl"), List.of(textRecord("b", "tie")));
        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.files(Task.T2T))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("text_to_text.json", "text_to_text.jsonl");
            assertThat(Files.isRegularFile(src.files(Task.T2T).get(0))).isTrue();
        }
    }

    private static String toJson(Object o) {
        try {
            return Fixtures.JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
