package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

class CsvReaderTest {

    @TempDir
    Path dir;

    private static List<List<String>> fields(String text) {
        return CsvReader.parse(text).stream().map(CsvReader.CsvRecord::fields).toList();
    }

    @Test
    void splits_plain_fields_on_commas_and_records_on_line_breaks() {
        assertThat(fields("a,b,c\n1,2,3\n")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
    }

    @Test
    void quoted_fields_keep_commas_doubled_quotes_and_line_breaks() {
        List<List<String>> r = fields("id,text\n1,\"Hello, \"\"world\"\"\nsecond line\"\n2,plain\n");
        assertThat(r).containsExactly(List.of("id", "text"), List.of("1", "Hello, \"world\"\nsecond line"),
                List.of("2", "plain"));
    }

    @Test
    void crlf_line_ends_are_record_ends_but_crlf_inside_quotes_is_kept() {
        List<List<String>> r = fields("a,b\r\n\"x\r\ny\",z\r\n");
        assertThat(r).containsExactly(List.of("a", "b"), List.of("x\r\ny", "z"));
    }

    @Test
    void lone_carriage_returns_end_records_too() {
        assertThat(fields("a\rb\r")).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void empty_fields_trailing_comma_and_empty_quoted_field_are_kept() {
        assertThat(fields("a,,c,\n\"\",x\n")).containsExactly(List.of("a", "", "c", ""), List.of("", "x"));
    }

    @Test
    void last_record_without_line_break_is_read_and_empty_lines_are_skipped() {
        assertThat(fields("a,b\n\n\nc,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void records_know_the_line_they_start_on() {
        List<CsvReader.CsvRecord> r = CsvReader.parse("h1,h2\r\n1,\"two\r\nlines\"\r\n3,x\r\n");
        assertThat(r).extracting(CsvReader.CsvRecord::line).containsExactly(1L, 2L, 4L);
    }

    @Test
    void a_quote_inside_an_unquoted_field_is_kept_literally() {
        assertThat(fields("5\" screen,ok\n")).containsExactly(List.of("5\" screen", "ok"));
    }

    @Test
    void an_unterminated_quoted_field_names_where_it_starts() {
        assertThatThrownBy(() -> fields("a,b\n1,\"never closed\n2,3\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2 column 3").hasMessageContaining("never closed");
    }

    @Test
    void text_after_a_closing_quote_is_an_error_with_position() {
        assertThatThrownBy(() -> fields("a,b\n\"x\"y,z\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2 column 4").hasMessageContaining("after the closing quote");
    }

    @Test
    void a_byte_order_mark_is_dropped_and_non_utf8_bytes_are_reported_with_the_file() throws Exception {
        Path bom = Files.writeString(dir.resolve("bom.csv"), "\uFEFFid,x\n1,2\n", StandardCharsets.UTF_8);
        try (CsvReader r = CsvReader.open(bom)) {
            assertThat(r.next().orElseThrow().fields()).containsExactly("id", "x");
        }
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, new byte[] {'i', 'd', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> {
            try (CsvReader r = CsvReader.open(bad)) {
                while (r.next().isPresent()) {
                    // read all
                }
            }
        }).isInstanceOf(InvalidInputException.class).hasMessageContaining("bad.csv").hasMessageContaining("not UTF-8");
    }
}
