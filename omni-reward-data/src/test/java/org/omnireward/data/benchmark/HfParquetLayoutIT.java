package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.data.benchmark.Fixtures.entries;
import static org.omnireward.data.benchmark.Fixtures.invalid;
import static org.omnireward.data.benchmark.Fixtures.load;
import static org.omnireward.data.benchmark.Fixtures.valid;
import static org.omnireward.data.benchmark.Fixtures.writeBytes;
import static org.omnireward.data.benchmark.ParquetFixtures.struct;
import static org.omnireward.data.benchmark.ParquetFixtures.textColumns;
import static org.omnireward.data.benchmark.ParquetFixtures.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;

/** The Hugging Face parquet layout, read through DuckDB's natives (hence an IT); fixtures are written with DuckDB too. */
class HfParquetLayoutIT {

    @TempDir
    Path dir;

    private static final String PNG_HEX = "89504e470d0a1a0a0001";
    private static final byte[] PNG = HexFormat.of().parseHex(PNG_HEX);

    @Test
    void reads_text_task_from_a_config_folder() {
        write(
                dir.resolve("text_to_text/test-00000-of-00001.parquet"),
                "SELECT " + textColumns("t1", "response1") + ", 'long answer' AS response1, 'short' AS response2 "
                        + "UNION ALL SELECT " + textColumns("t2", "tie") + ", 'a' AS response1, 'b' AS response2");

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.format()).isEqualTo(BenchmarkFormat.HF_PARQUET);
            assertThat(src.tasks()).containsExactly(Task.T2T);
            List<LoadedEntry> es = entries(src, Task.T2T);
            assertThat(es).hasSize(2);
            PreferenceSample s = valid(es.get(0)).sample();
            assertThat(s.id()).isEqualTo("t1");
            assertThat(s.prompt()).isEqualTo("Describe t1");
            assertThat(s.criteria()).isEqualTo("Prefer detail.");
            assertThat(s.response1().requireText()).isEqualTo("long answer");
            assertThat(s.model2()).contains("mb");
            assertThat(valid(es.get(1)).sample().label()).contains(Preference.TIE);
            assertThat(es.get(1).origin().record()).isEqualTo(2);
            assertThat(es.get(1).index()).isEqualTo(1);
        }
    }

    @Test
    void embedded_image_bytes_become_in_memory_media_and_pathonly_structs_use_the_path_columns() {
        writeBytes(dir.resolve("media_data/t2i/b.png"), "file-bytes".getBytes());
        write(
                dir.resolve("data/text_to_image/test-00000-of-00001.parquet"),
                "SELECT " + textColumns("i1", "response2") + ", " + struct(PNG_HEX, "a.png") + " AS response1, "
                        + struct(null, "b.png") + " AS response2, 't2i/a.png' AS response1_path, "
                        + "'t2i/b.png' AS response2_path");

        PreferenceSample s =
                valid(load(dir, LoadOptions.defaults(), Task.T2I).get(0)).sample();

        MediaRef r1 = s.response1().media().orElseThrow();
        assertThat(r1).isInstanceOf(MediaRef.InMemoryMedia.class);
        assertThat(r1.readAllBytesUnchecked()).isEqualTo(PNG);
        assertThat(r1.name()).isEqualTo("a.png");
        assertThat(r1.modality()).isEqualTo(Modality.IMAGE);
        MediaRef r2 = s.response2().media().orElseThrow();
        assertThat(r2).isInstanceOf(MediaRef.FileMedia.class);
        assertThat(r2.name()).isEqualTo("t2i/b.png");
        assertThat(r2.readAllBytesUnchecked()).isEqualTo("file-bytes".getBytes());
        assertThat(s.label()).contains(Preference.RESPONSE2);
    }

    @Test
    void accepts_task_named_files_at_top_and_under_data_case_insensitively() {
        write(
                dir.resolve("text_to_3D-test-00000-of-00001.parquet"),
                "SELECT " + textColumns("d1", "response1") + ", " + struct(PNG_HEX, "x.png") + " AS response1, "
                        + struct(PNG_HEX, "y.png") + " AS response2");
        write(
                dir.resolve("data/text_audio_to_text-test-00000-of-00001.parquet"),
                "SELECT " + textColumns("au1", "tie") + ", " + struct("52494646", "q.wav") + " AS audio, "
                        + "'yes' AS response1, 'no' AS response2");

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            assertThat(src.tasks()).containsExactly(Task.TA2T, Task.T23D);
            PreferenceSample d = valid(entries(src, Task.T23D).get(0)).sample();
            assertThat(d.response1().media().orElseThrow().modality()).isEqualTo(Modality.THREE_D);
            PreferenceSample a = valid(entries(src, Task.TA2T).get(0)).sample();
            assertThat(a.inputs().get(0).modality()).isEqualTo(Modality.AUDIO);
            assertThat(a.inputs().get(0).readAllBytesUnchecked())
                    .isEqualTo(HexFormat.of().parseHex("52494646"));
        }
    }

    @Test
    void video_tasks_use_relative_path_strings() {
        for (String f : List.of("v/in.mp4", "v/1.mp4", "v/2.mp4")) {
            writeBytes(dir.resolve("media_data").resolve(f), f.getBytes());
        }
        write(
                dir.resolve("text_video_to_text/test.parquet"),
                "SELECT " + textColumns("v1", "response1")
                        + ", 'v/in.mp4' AS video, 'A' AS response1, 'B' AS response2");
        write(
                dir.resolve("text_to_video/test.parquet"),
                "SELECT " + textColumns("v2", "response2") + ", 'v/1.mp4' AS response1, 'v/2.mp4' AS response2");

        try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
            MediaRef in =
                    valid(entries(src, Task.TV2T).get(0)).sample().inputs().get(0);
            assertThat(in.modality()).isEqualTo(Modality.VIDEO);
            assertThat(in.path())
                    .contains(
                            dir.resolve("media_data/v/in.mp4").toAbsolutePath().normalize());
            PreferenceSample t2v = valid(entries(src, Task.T2V).get(0)).sample();
            assertThat(t2v.response2().media().orElseThrow().name()).isEqualTo("v/2.mp4");
        }
    }

    @Test
    void image_input_struct_without_bytes_falls_back_to_image_path_and_flags_a_missing_file() {
        write(
                dir.resolve("text_image_to_text/test.parquet"),
                "SELECT " + textColumns("m1", "response1") + ", " + struct(null, "orig.png") + " AS image, "
                        + "'imgs/none.png' AS image_path, 'x' AS response1, 'y' AS response2");

        LoadedEntry.Invalid i =
                invalid(load(dir, LoadOptions.defaults(), Task.TI2T).get(0));

        assertThat(i.reason()).startsWith("field 'image_path': media file not found: imgs/none.png");
        assertThat(i.id()).isEqualTo("m1");
    }

    @Test
    void invalid_parquet_rows_name_the_field() {
        write(
                dir.resolve("text_to_text/test.parquet"),
                "SELECT " + textColumns("a", "response3") + ", 'x' AS response1, 'y' AS response2 UNION ALL "
                        + "SELECT " + textColumns("b", "tie") + ", '' AS response1, 'y' AS response2 UNION ALL "
                        + "SELECT " + textColumns("a", "tie") + ", 'x' AS response1, 'y' AS response2");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(invalid(es.get(0)).reason()).contains("'response3'");
        assertThat(valid(es.get(1)).sample().response1().requireText())
                .isEmpty(); // an empty answer is a valid response
        assertThat(invalid(es.get(2)).reason()).isEqualTo("duplicate id a, first seen at record 1");
    }

    @Test
    void truncated_parquet_yields_one_invalid_entry_with_the_duckdb_message_and_others_still_load() throws Exception {
        Path good = write(
                dir.resolve("text_to_text/test-00001-of-00002.parquet"),
                "SELECT " + textColumns("ok", "tie") + ", 'x' AS response1, 'y' AS response2");
        byte[] whole = Files.readAllBytes(good);
        Files.write(
                dir.resolve("text_to_text/test-00000-of-00002.parquet"),
                java.util.Arrays.copyOf(whole, whole.length / 2));

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).hasSize(2);
        LoadedEntry.Invalid bad = invalid(es.get(0));
        assertThat(bad.reason())
                .startsWith("cannot read parquet file test-00000-of-00002.parquet: ")
                .containsIgnoringCase("magic");
        assertThat(bad.id()).isEqualTo("test-00000-of-00002.parquet#1");
        assertThat(valid(es.get(1)).sample().id()).isEqualTo("ok");
        assertThat(es.get(1).index()).isEqualTo(1);
    }

    @Test
    void shards_are_read_in_name_order_and_indexed_across_them() {
        write(
                dir.resolve("text_to_text/test-00001-of-00002.parquet"),
                "SELECT 'b' || i AS id, 'p' AS prompt, 'c' AS criteria, 'tie' AS criteria_preference, 'x' AS response1, "
                        + "'y' AS response2 FROM range(3) t(i)");
        write(
                dir.resolve("text_to_text/test-00000-of-00002.parquet"),
                "SELECT 'a' || i AS id, 'p' AS prompt, 'c' AS criteria, 'tie' AS criteria_preference, 'x' AS response1, "
                        + "'y' AS response2 FROM range(2) t(i)");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).extracting(LoadedEntry::id).containsExactly("a0", "a1", "b0", "b1", "b2");
        assertThat(es).extracting(LoadedEntry::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void large_files_stream_in_order_across_row_groups() {
        write(
                dir.resolve("text_to_text/test.parquet"),
                "SELECT 'r' || i AS id, 'p' || i AS prompt, 'c' AS criteria, 'response1' AS criteria_preference, "
                        + "'x' AS response1, 'y' AS response2 FROM range(5000) t(i)",
                ", ROW_GROUP_SIZE 2048");

        List<LoadedEntry> es = load(dir, LoadOptions.defaults(), Task.T2T);

        assertThat(es).hasSize(5000);
        for (int i = 0; i < es.size(); i++) {
            assertThat(es.get(i).id()).isEqualTo("r" + i);
            assertThat(es.get(i).origin().record()).isEqualTo(i + 1);
        }
    }

    @Test
    void media_heavy_files_are_read_in_small_windows_without_losing_or_reordering_rows() {
        Path f = write(
                dir.resolve("x.parquet"),
                "SELECT 'r' || i AS id, {'bytes': repeat(i::VARCHAR || '-', 5000)[:10000]::BLOB, "
                        + "'path': 'p' || i || '.png'} AS response1 FROM range(50) t(i)");

        List<RawItem> items = new ArrayList<>();
        try (ParquetRecordReader r = new ParquetRecordReader(f, 25_000)) {
            r.forEachRemaining(items::add);
            assertThat(r.windowCount()).isGreaterThanOrEqualTo(20);
        }

        assertThat(items).hasSize(50);
        for (int i = 0; i < 50; i++) {
            RawItem.Row row = (RawItem.Row) items.get(i);
            assertThat(row.record()).isEqualTo(i + 1);
            assertThat(row.fields().get("id")).isEqualTo("r" + i);
            assertThat(((byte[]) ((java.util.Map<?, ?>) row.fields().get("response1")).get("bytes")))
                    .hasSize(10000);
        }
    }
}
