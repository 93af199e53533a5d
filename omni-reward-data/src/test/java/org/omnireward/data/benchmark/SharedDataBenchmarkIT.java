package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.data.benchmark.Fixtures.entries;
import static org.omnireward.data.benchmark.Fixtures.textRecord;
import static org.omnireward.data.benchmark.Fixtures.valid;
import static org.omnireward.data.benchmark.Fixtures.with;
import static org.omnireward.data.benchmark.Fixtures.writeJson;
import static org.omnireward.data.benchmark.Fixtures.writeJsonl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;
import org.omnireward.testing.SharedTestData;

/**
 * Loads benchmarks whose media and data are the real third-party files in {@code ../shared/data}
 * (read in place; the benchmark files themselves are written to a temp folder).
 */
class SharedDataBenchmarkIT {

    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void findSharedData() {
        shared = SharedTestData.require("SharedDataBenchmarkIT");
    }

    @Test
    void json_benchmark_over_real_media_resolves_every_file_and_flags_the_missing_one() throws Exception {
        Path media = shared.resolve("media");
        writeJson(
                dir.resolve("text_image_to_text_preferences.json"),
                List.of(
                        with(textRecord("img-1", "response1"), "image", "1.jpg"),
                        with(textRecord("img-2", "tie"), "image_path", "2.jpg"),
                        with(textRecord("img-3", "response2"), "image", "3.jpg"),
                        with(textRecord("img-9", "response2"), "image", "9.jpg")));
        writeJson(
                dir.resolve("text_video_to_text_preferences.json"),
                List.of(
                        with(textRecord("vid-1", "response1"), "video", "1.mp4"),
                        with(textRecord("vid-2", "response2"), "video", "2.avi")));
        writeJsonl(
                dir.resolve("text_audio_to_text.jsonl"),
                List.of(
                        with(textRecord("aud-1", "response1"), "audio_path", "2.wav"),
                        with(textRecord("aud-2", "tie"), "audio_path", "3.flac")));
        writeJson(
                dir.resolve("text_to_audio.json"),
                List.of(with(
                        with(textRecord("t2a-1", "response2"), "response1_path", "1.mp3"), "response2_path", "4.mp3")));
        writeJson(
                dir.resolve("text_to_video.json"),
                List.of(with(with(textRecord("t2v-1", "response1"), "response1", "1.mp4"), "response2", "3.mp4")));

        LoadOptions opts = LoadOptions.defaults().withMediaRoot(media);
        ValidationReport report;
        try (BenchmarkSource src = BenchmarkLoader.open(dir, opts)) {
            assertThat(src.format()).isEqualTo(BenchmarkFormat.JSON);
            assertThat(src.tasks()).containsExactly(Task.TI2T, Task.TV2T, Task.TA2T, Task.T2V, Task.T2A);
            PreferenceSample img = valid(entries(src, Task.TI2T).get(0)).sample();
            byte[] jpeg = img.inputs().get(0).readAllBytesUnchecked();
            assertThat(jpeg).hasSize((int) Files.size(media.resolve("1.jpg")));
            assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
            assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
            PreferenceSample t2a = valid(entries(src, Task.T2A).get(0)).sample();
            assertThat(t2a.response2().media().flatMap(MediaRef::path)).contains(media.resolve("4.mp3"));
            report = ValidationReport.of(src, 50);
        }
        assertThat(report.totals().records()).isEqualTo(10);
        assertThat(report.totals().valid()).isEqualTo(9);
        assertThat(report.totals().ties()).isEqualTo(2);
        assertThat(report.totals().mediaAvailable()).isEqualTo(11);
        assertThat(report.totals().mediaMissing()).isEqualTo(1);
        assertThat(report.invalidRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("media file not found: 9.jpg"));
    }

    @Test
    void parquet_with_real_embedded_image_bytes_round_trips() throws Exception {
        Path media = shared.resolve("media");
        String jpg1 = media.resolve("1.jpg").toString().replace("'", "''");
        ParquetFixtures.write(
                dir.resolve("text_to_image/test-00000-of-00001.parquet"),
                "SELECT " + ParquetFixtures.textColumns("t2i-real", "response1") + ", "
                        + "{'bytes': (SELECT content FROM read_blob('" + jpg1 + "')), 'path': '1.jpg'} AS response1, "
                        + "{'bytes': NULL::BLOB, 'path': 'other.jpg'} AS response2, "
                        + "'1.jpg' AS response1_path, '2.jpg' AS response2_path");

        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withMediaRoot(media))) {
            PreferenceSample s = valid(entries(src, Task.T2I).get(0)).sample();
            assertThat(s.response1().media().orElseThrow()).isInstanceOf(MediaRef.InMemoryMedia.class);
            assertThat(s.response1().media().orElseThrow().readAllBytesUnchecked())
                    .isEqualTo(Files.readAllBytes(media.resolve("1.jpg")));
            assertThat(s.response2().media().orElseThrow().readAllBytesUnchecked())
                    .isEqualTo(Files.readAllBytes(media.resolve("2.jpg")));
        }
    }

    @Test
    void llamafactory_demo_ranking_file_is_read_whole_and_records_without_a_system_turn_are_flagged() throws Exception {
        Path demo = SharedTestData.file("SharedDataBenchmarkIT", "text-preferences/llamafactory_dpo_en_demo.json");
        var items = Fixtures.JSON.readTree(demo.toFile());
        int expected = items.size();
        int withSystem = 0;
        for (var item : items) {
            if ("system".equals(item.at("/conversations/0/from").asText())) {
                withSystem++;
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file_name", demo.toString());
        entry.put("ranking", true);
        entry.put("formatting", "sharegpt");
        entry.put("columns", Map.of("messages", "conversations", "chosen", "chosen", "rejected", "rejected"));
        writeJson(dir.resolve("dataset_info.json"), Map.of("dpo_en_demo", entry));

        ValidationReport report;
        try (BenchmarkSource src =
                BenchmarkLoader.open(dir, LoadOptions.defaults().withTask(Task.T2T))) {
            report = ValidationReport.of(src, 5);
        }

        assertThat(expected).isGreaterThan(100);
        assertThat(withSystem).isBetween(1, expected - 1);
        assertThat(report.totals().records()).isEqualTo(expected);
        assertThat(report.totals().valid()).isEqualTo(withSystem);
        assertThat(report.totals().invalid()).isEqualTo(expected - withSystem);
        assertThat(report.invalidRecords()).hasSize(5).allSatisfy(r -> {
            assertThat(r.reason()).contains("the criterion is missing");
            assertThat(r.id()).startsWith("dpo_en_demo-");
        });
    }
}
