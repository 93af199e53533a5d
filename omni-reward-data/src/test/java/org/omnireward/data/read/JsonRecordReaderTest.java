package org.omnireward.data.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRecordReaderTest {

    @TempDir
    Path dir;

    private static List<JsonRecordReader.Item> all(Path file) {
        List<JsonRecordReader.Item> out = new ArrayList<>();
        try (JsonRecordReader r = JsonRecordReader.open(file)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void array_records_carry_their_1_based_element_and_start_line() throws Exception {
        Path f = Files.writeString(dir.resolve("a.json"), "[\n  {\"k\": 1},\n  7,\n  {\n    \"k\": 3\n  }\n]\n");

        List<JsonRecordReader.Item> items = all(f);

        assertThat(items).extracting(i -> i.position().record()).containsExactly(1L, 2L, 3L);
        assertThat(items).extracting(i -> i.position().line()).containsExactly(2L, 3L, 4L);
        assertThat(items.get(0).position().index()).isZero();
        assertThat(items.get(1)).isInstanceOfSatisfying(JsonRecordReader.Problem.class, p -> {
            assertThat(p.fatal()).isFalse();
            assertThat(p.message()).isEqualTo("array element 2 is a number, expected a JSON object");
        });
        assertThat(((JsonRecordReader.Record) items.get(2)).node().get("k").asInt())
                .isEqualTo(3);
    }

    @Test
    void jsonl_skips_blank_lines_and_reports_a_bad_line_then_goes_on() throws Exception {
        Path f = Files.writeString(dir.resolve("a.jsonl"), "{\"k\":1}\n\n{oops\n[1]\n{\"k\":5}\n");

        List<JsonRecordReader.Item> items = all(f);

        assertThat(items).extracting(i -> i.position().line()).containsExactly(1L, 3L, 4L, 5L);
        assertThat(((JsonRecordReader.Problem) items.get(1)).message())
                .startsWith("bad JSON in a.jsonl at line 3 column");
        assertThat(((JsonRecordReader.Problem) items.get(2)).message())
                .isEqualTo("line 4 is an array, expected a JSON object");
        assertThat(items.get(3)).isInstanceOf(JsonRecordReader.Record.class);
    }

    @Test
    void broken_array_syntax_ends_the_file_with_one_fatal_problem_after_the_records_before_it() throws Exception {
        Path f = Files.writeString(dir.resolve("a.json"), "[{\"k\":1},\n{\"k\": }]");

        List<JsonRecordReader.Item> items = all(f);

        assertThat(items).hasSize(2);
        assertThat(items.get(1)).isInstanceOfSatisfying(JsonRecordReader.Problem.class, p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.position().record()).isEqualTo(2);
            assertThat(p.message()).startsWith("bad JSON in a.json at line 2 column");
        });
    }

    @Test
    void an_unclosed_array_and_bytes_that_are_not_utf8_are_fatal_and_say_where() throws Exception {
        Path open = Files.writeString(dir.resolve("open.json"), "[{\"k\":1}");
        Path latin1 = dir.resolve("l.jsonl");
        Files.write(latin1, "{\"k\":1}\n{\"k\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));

        JsonRecordReader.Problem unclosed = (JsonRecordReader.Problem) all(open).get(1);
        JsonRecordReader.Problem bytes = (JsonRecordReader.Problem) all(latin1).get(1);

        assertThat(unclosed.fatal()).isTrue();
        assertThat(unclosed.message())
                .startsWith("bad JSON in open.json at line 1 column 9")
                .contains("close marker");
        assertThat(bytes.fatal()).isTrue();
        assertThat(bytes.message()).contains("l.jsonl line 2").contains("not UTF-8");
    }

    @Test
    void shape_comes_from_the_content_or_the_name() throws Exception {
        Path arr = Files.writeString(dir.resolve("x.jsonl"), "\uFEFF  [ ]");
        Path lines = Files.writeString(dir.resolve("y.json"), "{\"a\":1}\n");

        assertThat(JsonRecordReader.shapeOf(arr)).isEqualTo(JsonRecordReader.Shape.ARRAY);
        assertThat(JsonRecordReader.shapeOf(lines)).isEqualTo(JsonRecordReader.Shape.LINES);
        assertThat(JsonRecordReader.Shape.byName(arr)).isEqualTo(JsonRecordReader.Shape.LINES);
        assertThat(JsonRecordReader.first(arr)).isEmpty();
    }
}
