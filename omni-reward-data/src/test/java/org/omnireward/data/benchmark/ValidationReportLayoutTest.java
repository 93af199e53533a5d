package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.Task;

/**
 * The text of {@code bench validate}: the table and the JSON of a fixed report with every part (an empty-response
 * warning, more invalid records than listed, a skipped input). The text below was written by the code before the JSON
 * became records and the table was split.
 */
class ValidationReportLayoutTest {

    private static ValidationReport report() {
        Path data = Path.of("/bench/omni").toAbsolutePath();
        return new ValidationReport(
                data,
                BenchmarkFormat.JSON,
                data.resolve("media_data"),
                List.of(
                        new ValidationReport.TaskSummary(Task.T2T, 1, 120, 117, 4, 3, 0, 0, 2),
                        new ValidationReport.TaskSummary(Task.TI2T, 2, 40, 40, 0, 0, 38, 2, 1)),
                List.of(
                        new ValidationReport.InvalidRecord(
                                Task.T2T, data.resolve("text_to_text.json"), 7, "a7", "missing field prompt"),
                        new ValidationReport.InvalidRecord(
                                Task.T2T,
                                data.resolve("text_to_text.json"),
                                9,
                                "text_to_text.json#9",
                                "bad \"label\"")),
                2,
                List.of(new SkippedInput("extra", data.resolve("extra.json"), "no task named in the file name")));
    }

    @Test
    void the_table_keeps_its_text() {
        String data = Path.of("/bench/omni").toAbsolutePath().toString();
        assertThat(report().toTable()).isEqualTo(String.format("""
                        Benchmark:  %1$s
                        Format:     json
                        Media root: %1$s/media_data

                        task   name                 files  records    valid   ties  invalid    media ok media missing
                        t2t    text_to_text             1      120      117      4        3           0             0
                        ti2t   text_image_to_text       2       40       40      0        0          38             2
                        total                           3      160      157      4        3          38             2

                        Warning: 3 valid samples have an empty text response (t2t 2, ti2t 1); an empty answer is a \
                        valid response, so they are kept and count in the accuracy.

                        Invalid records (first 2 of 3; raise --max-errors to list more):
                          t2t  text_to_text.json record 7  id a7: missing field prompt
                          t2t  text_to_text.json record 9  id text_to_text.json#9: bad "label"

                        Skipped inputs (no records read):
                          extra (extra.json): no task named in the file name

                        3 of 160 records are invalid; 1 input(s) skipped.
                        """, data));
    }

    @Test
    void the_json_keeps_its_keys_order_and_values() {
        String data = Path.of("/bench/omni").toAbsolutePath().toString();
        assertThat(report().toJson()).isEqualTo(String.format("""
                        {
                          "data" : "%1$s",
                          "format" : "json",
                          "media_root" : "%1$s/media_data",
                          "valid" : false,
                          "tasks" : {
                            "t2t" : {
                              "name" : "text_to_text",
                              "files" : 1,
                              "records" : 120,
                              "valid" : 117,
                              "ties" : 4,
                              "invalid" : 3,
                              "media_available" : 0,
                              "media_missing" : 0,
                              "empty_responses" : 2
                            },
                            "ti2t" : {
                              "name" : "text_image_to_text",
                              "files" : 2,
                              "records" : 40,
                              "valid" : 40,
                              "ties" : 0,
                              "invalid" : 0,
                              "media_available" : 38,
                              "media_missing" : 2,
                              "empty_responses" : 1
                            }
                          },
                          "totals" : {
                            "files" : 3,
                            "records" : 160,
                            "valid" : 157,
                            "ties" : 4,
                            "invalid" : 3,
                            "media_available" : 38,
                            "media_missing" : 2,
                            "empty_responses" : 3
                          },
                          "invalid_records" : [ {
                            "task" : "t2t",
                            "file" : "%1$s/text_to_text.json",
                            "record" : 7,
                            "id" : "a7",
                            "reason" : "missing field prompt"
                          }, {
                            "task" : "t2t",
                            "file" : "%1$s/text_to_text.json",
                            "record" : 9,
                            "id" : "text_to_text.json#9",
                            "reason" : "bad \\"label\\""
                          } ],
                          "invalid_records_not_listed" : 1,
                          "skipped" : [ {
                            "name" : "extra",
                            "file" : "%1$s/extra.json",
                            "reason" : "no task named in the file name"
                          } ]
                        }""", data));
    }
}
