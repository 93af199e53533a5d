package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.data.benchmark.Fixtures.entries;
import static org.omnireward.data.benchmark.Fixtures.invalid;
import static org.omnireward.data.benchmark.Fixtures.valid;
import static org.omnireward.data.benchmark.Fixtures.writeBytes;
import static org.omnireward.data.benchmark.Fixtures.writeJson;
import static org.omnireward.data.benchmark.Fixtures.writeJsonl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

class LlamaFactoryLayoutTest {

    @TempDir
    Path dir;

    static Map<String, Object> turn(String from, String value) {
        return Map.of("from", from, "value", value);
    }

    /** A ranking item with a criterion system turn. */
    static Map<String, Object> item(String criterion, String prompt, String chosen, String rejected) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> conv = new ArrayList<>();
        if (criterion != null) {
            conv.add(turn("system", criterion));
        }
        conv.add(turn("human", prompt));
        m.put("conversations", conv);
        m.put("chosen", turn("gpt", chosen));
        m.put("rejected", turn("gpt", rejected));
        return m;
    }

    static Map<String, Object> entry(String file, Map<String, Object> columns) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file_name", file);
        e.put("ranking", true);
        e.put("formatting", "sharegpt");
        e.put("columns", columns);
        return e;
    }

    static Map<String, Object> cols(String... extra) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("messages", "conversations");
        c.put("chosen", "chosen");
        c.put("rejected", "rejected");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            c.put(extra[i], extra[i + 1]);
        }
        return c;
    }

    private void info(Map<String, Object> entries) {
        writeJson(dir.resolve("dataset_info.json"), entries);
    }

    @Test
    void reads_text_ranking_entry_with_criterion_from_the_system_turn() {
        writeJson(
                dir.resolve("t2t.json"),
                List.of(item("Prefer brevity.", "What is 2+2?", "4", "It is four, because...")));
        info(Map.of("omni_t2t", entry("t2t.json", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.format()).isEqualTo(BenchmarkFormat.LLAMA_FACTORY);
            assertThat(src.tasks()).containsExactly(Task.T2T);
            assertThat(src.skipped()).isEmpty();
            PreferenceSample s = valid(entries(src, Task.T2T).get(0)).sample();
            assertThat(s.id()).isEqualTo("omni_t2t-1");
            assertThat(s.criteria()).isEqualTo("Prefer brevity.");
            assertThat(s.prompt()).isEqualTo("What is 2+2?");
            Preference label = s.label().orElseThrow();
            assertThat(s.response(label).requireText()).isEqualTo("4");
            assertThat(s.response(label.swapped()).requireText()).isEqualTo("It is four, because...");
            assertThat(s.metadata())
                    .containsEntry("chosen_side", label.wireName())
                    .containsEntry("entry", "omni_t2t");
        }
    }

    @Test
    void finds_the_task_in_entry_names() {
        assertThat(LayoutDetector.taskFromEntryName("omni_t2i")).contains(Task.T2I);
        assertThat(LayoutDetector.taskFromEntryName("omni_text_to_image")).contains(Task.T2I);
        assertThat(LayoutDetector.taskFromEntryName("Omni-RLAIF-V_ti2t_criteria"))
                .contains(Task.TI2T);
        assertThat(LayoutDetector.taskFromEntryName("hpd_TEXT_TO_3D")).contains(Task.T23D);
        assertThat(LayoutDetector.taskFromEntryName("text_image_to_image_edit")).contains(Task.TI2I);
        assertThat(LayoutDetector.taskFromEntryName("t2v")).contains(Task.T2V);
        assertThat(LayoutDetector.taskFromEntryName("skywork_pairs")).isEmpty();
        assertThat(LayoutDetector.taskFromEntryName("omni_t2x")).isEmpty();
        assertThat(LayoutDetector.taskFromEntryName("mixed_t2i_t2v")).isEmpty();
        assertThat(LayoutDetector.taskFromEntryName("xt2i")).isEmpty();
    }

    @Test
    void entry_without_a_task_is_skipped_with_a_hint_to_pass_task_unless_task_is_given() {
        writeJson(dir.resolve("pairs.json"), List.of(item("c", "p", "a", "b")));
        info(Map.of("omni_t2x", entry("pairs.json", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.tasks()).isEmpty();
            assertThat(src.skipped()).hasSize(1);
            assertThat(src.skipped().get(0).name()).isEqualTo("omni_t2x");
            assertThat(src.skipped().get(0).reason())
                    .contains("does not name a task")
                    .contains("--task");
        }
        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withTask(Task.T2T))) {
            assertThat(src.skipped()).isEmpty();
            assertThat(src.tasks()).containsExactly(Task.T2T);
            assertThat(valid(entries(src, Task.T2T).get(0)).sample().id()).isEqualTo("omni_t2x-1");
        }
    }

    @Test
    void entry_name_task_wins_over_the_given_task() {
        writeJson(dir.resolve("a.json"), List.of(item("c", "p", "a", "b")));
        info(Map.of("omni_t2t", entry("a.json", cols())));

        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withTask(Task.TI2T))) {
            assertThat(src.tasks()).containsExactly(Task.T2T);
        }
    }

    @Test
    void non_ranking_alpaca_and_missing_file_entries_are_skipped_with_reasons() {
        writeJson(dir.resolve("a.json"), List.of(item("c", "p", "a", "b")));
        Map<String, Object> notRanking = entry("a.json", cols());
        notRanking.put("ranking", false);
        Map<String, Object> alpaca = entry("a.json", cols());
        alpaca.remove("formatting");
        Map<String, Object> infoMap = new LinkedHashMap<>();
        infoMap.put("sft_t2t", notRanking);
        infoMap.put("alpaca_t2t", alpaca);
        infoMap.put("gone_t2t", entry("gone.json", cols()));
        infoMap.put("hub_t2t", Map.of("hf_hub_url", "x/y", "ranking", true, "formatting", "sharegpt"));
        info(infoMap);

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.tasks()).isEmpty();
            assertThat(src.skipped())
                    .extracting(SkippedInput::name)
                    .containsExactly("sft_t2t", "alpaca_t2t", "gone_t2t", "hub_t2t");
            assertThat(src.skipped().get(0).reason()).contains("\"ranking\": true");
            assertThat(src.skipped().get(1).reason()).contains("formatting 'alpaca'");
            assertThat(src.skipped().get(2).reason()).contains("file not found").contains("gone.json");
            assertThat(src.skipped().get(3).reason()).contains("file_name");
        }
    }

    @Test
    void missing_or_empty_criterion_makes_the_record_invalid() {
        writeJson(dir.resolve("a.json"), List.of(item(null, "p", "a", "b"), item("  ", "p", "a", "b")));
        info(Map.of("omni_t2t", entry("a.json", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            List<LoadedEntry> es = entries(src, Task.T2T);
            assertThat(invalid(es.get(0)).reason())
                    .contains("the criterion is missing")
                    .contains("no leading 'system' turn");
            assertThat(invalid(es.get(1)).reason()).contains("the criterion").contains("is empty");
        }
    }

    @Test
    void empty_text_response_is_a_valid_response() {
        writeJson(dir.resolve("a.json"), List.of(item("c", "p", "", "b")));
        info(Map.of("omni_t2t", entry("a.json", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            PreferenceSample s = valid(entries(src, Task.T2T).get(0)).sample();
            Response chosen = s.label().orElseThrow() == Preference.RESPONSE1 ? s.response1() : s.response2();
            assertThat(chosen.requireText()).isEmpty();
        }
    }

    @Test
    void image_inputs_come_from_images_and_placeholders_are_stripped() {
        writeBytes(dir.resolve("media_data/imgs/1.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Map<String, Object> it = item("Prefer the precise one.", "<image>What is in the picture?", "A cat.", "A dog.");
        it.put("images", List.of("imgs/1.jpg"));
        writeJson(dir.resolve("ti2t.json"), List.of(it));
        info(Map.of("omni_ti2t", entry("ti2t.json", cols("images", "images"))));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            PreferenceSample s = valid(entries(src, Task.TI2T).get(0)).sample();
            assertThat(s.prompt()).isEqualTo("What is in the picture?");
            assertThat(s.inputs()).hasSize(1);
            assertThat(s.inputs().get(0).modality()).isEqualTo(Modality.IMAGE);
            assertThat(s.inputs().get(0).readAllBytesUnchecked()).containsExactly(0xFF, 0xD8);
        }
    }

    @Test
    void generation_tasks_take_chosen_and_rejected_as_media_paths() {
        writeBytes(dir.resolve("media_data/v/good.mp4"), "good".getBytes());
        writeBytes(dir.resolve("media_data/v/bad.mp4"), "bad".getBytes());
        writeJson(
                dir.resolve("t2v.json"),
                List.of(
                        item("Prefer smooth motion.", "A horse running", "v/good.mp4", "v/bad.mp4"),
                        item("c", "p", "v/good.mp4", "v/missing.mp4")));
        info(Map.of("videodpo_text_to_video", entry("t2v.json", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            List<LoadedEntry> es = entries(src, Task.T2V);
            PreferenceSample s = valid(es.get(0)).sample();
            MediaRef chosen = s.response(s.label().orElseThrow()).media().orElseThrow();
            assertThat(chosen.modality()).isEqualTo(Modality.VIDEO);
            assertThat(chosen.readAllBytesUnchecked()).isEqualTo("good".getBytes());
            assertThat(invalid(es.get(1)).reason()).contains("media file not found: v/missing.mp4");
        }
    }

    @Test
    void media_for_a_task_that_takes_none_is_flagged() {
        Map<String, Object> it = item("c", "<video>p", "a", "b");
        it.put("videos", List.of("x.mp4"));
        writeJson(dir.resolve("a.json"), List.of(it));
        info(Map.of("omni_t2t", entry("a.json", cols("videos", "videos"))));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(invalid(entries(src, Task.T2T).get(0)).reason())
                    .contains("'videos' lists 1 video(s) but task t2t takes no input media");
        }
    }

    @Test
    void chosen_side_is_seeded_deterministic_and_varies_over_records() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(item("c", "prompt " + i, "good " + i, "bad " + i));
        }
        writeJson(dir.resolve("a.json"), items);
        info(Map.of("omni_t2t", entry("a.json", cols())));

        List<Preference> seed7 = labels(7);
        List<Preference> seed7again = labels(7);
        List<Preference> seed8 = labels(8);

        assertThat(seed7).isEqualTo(seed7again);
        long first = seed7.stream().filter(p -> p == Preference.RESPONSE1).count();
        assertThat(first).isBetween(70L, 130L);
        assertThat(seed8).isNotEqualTo(seed7);
        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withSeed(7))) {
            for (LoadedEntry e : entries(src, Task.T2T)) {
                PreferenceSample s = valid(e).sample();
                assertThat(s.response(s.label().orElseThrow()).requireText()).startsWith("good ");
                assertThat(s.metadata().get("chosen_side"))
                        .isEqualTo(s.label().orElseThrow().wireName());
            }
        }
    }

    private List<Preference> labels(long seed) {
        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withSeed(seed))) {
            return entries(src, Task.T2T).stream()
                    .map(e -> valid(e).sample().label().orElseThrow())
                    .toList();
        }
    }

    @Test
    void uses_the_id_field_when_present_and_flags_duplicates() {
        Map<String, Object> a = item("c", "p", "x", "y");
        a.put("id", "s-1");
        Map<String, Object> b = item("c", "q", "x", "y");
        b.put("id", "s-1");
        writeJsonl(dir.resolve("a.jsonl"), List.of(a, b));
        info(Map.of("omni_t2t", entry("a.jsonl", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            List<LoadedEntry> es = entries(src, Task.T2T);
            assertThat(valid(es.get(0)).sample().id()).isEqualTo("s-1");
            assertThat(invalid(es.get(1)).reason()).isEqualTo("duplicate id s-1, first seen at record 1");
        }
    }

    @Test
    void honours_custom_tags_and_a_system_column() {
        Map<String, Object> it = new LinkedHashMap<>();
        it.put("messages", List.of(Map.of("role", "user", "content", "Hi")));
        it.put("crit", "Prefer warmth.");
        it.put("chosen", Map.of("role", "assistant", "content", "Hello, friend!"));
        it.put("rejected", Map.of("role", "assistant", "content", "Hi."));
        writeJson(dir.resolve("a.json"), List.of(it));
        Map<String, Object> e = entry("a.json", cols("messages", "messages", "system", "crit"));
        e.put(
                "tags",
                Map.of("role_tag", "role", "content_tag", "content", "user_tag", "user", "assistant_tag", "assistant"));
        info(Map.of("omni_t2t", e));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            PreferenceSample s = valid(entries(src, Task.T2T).get(0)).sample();
            assertThat(s.criteria()).isEqualTo("Prefer warmth.");
            assertThat(s.prompt()).isEqualTo("Hi");
            assertThat(s.response(s.label().orElseThrow()).requireText()).isEqualTo("Hello, friend!");
        }
    }

    @Test
    void multi_turn_prompts_keep_the_dialogue() {
        Map<String, Object> it = new LinkedHashMap<>();
        it.put(
                "conversations",
                List.of(
                        turn("system", "c"),
                        turn("human", "Hi"),
                        turn("gpt", "Hello"),
                        turn("human", "<image>And now?")));
        it.put("chosen", turn("gpt", "a"));
        it.put("rejected", turn("gpt", "b"));
        writeJson(dir.resolve("a.json"), List.of(it));
        info(Map.of("omni_t2t", entry("a.json", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            // the stray <image> placeholder is removed from the text; t2t takes no images and none are listed
            assertThat(valid(entries(src, Task.T2T).get(0)).sample().prompt())
                    .isEqualTo("User: Hi\n\nAssistant: Hello\n\nUser: And now?");
        }
    }

    @Test
    void entries_of_one_task_stream_in_file_name_order() {
        writeJson(dir.resolve("b.json"), List.of(item("c", "from b", "x", "y")));
        writeJson(dir.resolve("a.json"), List.of(item("c", "from a", "x", "y"), item("c", "from a2", "x", "y")));
        Map<String, Object> infoMap = new LinkedHashMap<>();
        infoMap.put("second_t2t", entry("b.json", cols()));
        infoMap.put("first_t2t", entry("a.json", cols()));
        info(infoMap);

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            List<LoadedEntry> es = entries(src, Task.T2T);
            assertThat(es).extracting(LoadedEntry::id).containsExactly("first_t2t-1", "first_t2t-2", "second_t2t-1");
            assertThat(es).extracting(LoadedEntry::index).containsExactly(0, 1, 2);
            assertThat(src.files(Task.T2T))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("a.json", "b.json");
        }
    }

    @Test
    void records_without_ids_in_a_folder_entry_get_distinct_ids_per_file() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("parts"));
        writeJsonl(dir.resolve("parts/a.jsonl"), List.of(item("c", "a1", "x", "y"), item("c", "a2", "x", "y")));
        writeJsonl(dir.resolve("parts/b.jsonl"), List.of(item("c", "b1", "x", "y"), item("c", "b2", "x", "y")));
        info(Map.of("omni_t2t", entry("parts", cols())));

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            List<LoadedEntry> es = entries(src, Task.T2T);
            assertThat(es).hasSize(4).allMatch(e -> e instanceof LoadedEntry.Valid);
            assertThat(es).extracting(LoadedEntry::id).doesNotHaveDuplicates();
            assertThat(es).extracting(e -> valid(e).sample().prompt()).containsExactly("a1", "a2", "b1", "b2");
        }
    }
}
