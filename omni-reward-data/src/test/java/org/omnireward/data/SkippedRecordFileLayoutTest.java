package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippedRecordFileLayoutTest {

    @Test
    void each_line_keeps_its_keys_in_order_with_an_empty_field_and_escaped_detail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("skipped.jsonl");
        try (SkippedRecordFile out = new SkippedRecordFile(file)) {
            out.write(new SkippedRecord("a.jsonl", "L3", null, SkipReason.MALFORMED, "not JSON: \"{x\" ü"));
            out.write(new SkippedRecord("b.json", "#0", "chosen", SkipReason.MISSING_FIELD, "absent"));
            assertThat(out.commit()).isEqualTo(file.toAbsolutePath().normalize());
        }
        assertThat(Files.readString(file))
                .isEqualTo("{\"file\":\"a.jsonl\",\"record\":\"L3\",\"field\":\"\",\"reason\":\"malformed\","
                        + "\"detail\":\"not JSON: \\\"{x\\\" ü\"}\n"
                        + "{\"file\":\"b.json\",\"record\":\"#0\",\"field\":\"chosen\",\"reason\":\"missing_field\","
                        + "\"detail\":\"absent\"}\n");
    }
}
