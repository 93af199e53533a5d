package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchValidateCommandTest {

    @TempDir
    Path dir;

    private static String record(String id, String label, String criteria) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"p\",\"criteria\":\"" + criteria + "\",\"criteria_preference\":\""
                + label + "\",\"response1\":\"x\",\"response2\":\"y\"}";
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void valid_benchmark_exits_0_and_prints_the_table() throws Exception {
        write(
                "text_to_text_preferences.json",
                "[" + record("a", "tie", "c") + "," + record("b", "response1", "c") + "]");

        CliRun r = run("bench", "validate", "--data", dir.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("Format:     json")
                .containsPattern("t2t\\s+text_to_text\\s+1\\s+2\\s+2\\s+1\\s+0")
                .contains("All 2 records are valid.");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void invalid_records_exit_1_and_are_listed_up_to_max_errors() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            sb.append(i == 0 ? "" : ",").append(record("r" + i, "maybe" + i, "c"));
        }
        write("text_to_text.json", sb.append("]").toString());

        CliRun r = run("bench", "validate", "--data", dir.toString(), "--max-errors", "2");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("id r0: field 'criteria_preference' is 'maybe0'")
                .contains("id r1:")
                .doesNotContain("id r2:")
                .contains("first 2 of 5")
                .contains("5 of 5 records are invalid.");
    }

    @Test
    void samples_with_an_empty_response_are_valid_counted_and_warned_about_in_text_and_json() throws Exception {
        String empty = record("e", "response1", "c").replace("\"response2\":\"y\"", "\"response2\":\"\"");
        write("text_to_text.jsonl", record("a", "tie", "c") + "\n" + empty + "\n");

        CliRun text = run("bench", "validate", "--data", dir.toString());
        CliRun json = run("bench", "validate", "--data", dir.toString(), "--json");

        assertThat(text.exit()).isZero();
        assertThat(text.out())
                .contains("Warning: 1 valid sample has an empty text response (t2t 1)")
                .contains("All 2 records are valid.");
        assertThat(json.exit()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.at("/tasks/t2t/valid").asInt()).isEqualTo(2);
        assertThat(j.at("/tasks/t2t/empty_responses").asInt()).isEqualTo(1);
        assertThat(j.at("/totals/empty_responses").asInt()).isEqualTo(1);
    }

    @Test
    void json_output_is_machine_readable() throws Exception {
        write("text_to_text.jsonl", record("a", "tie", "c") + "\n" + record("b", "tie", "") + "\n");

        CliRun r = run("bench", "validate", "--data", dir.toString(), "--json");

        assertThat(r.exit()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/tasks/t2t/records").asInt()).isEqualTo(2);
        assertThat(j.at("/tasks/t2t/invalid").asInt()).isEqualTo(1);
        assertThat(j.at("/invalid_records/0/reason").asText()).isEqualTo("field 'criteria' is empty");
        assertThat(j.at("/invalid_records/0/id").asText()).isEqualTo("b");
    }

    @Test
    void missing_folder_exits_2_with_one_line() {
        CliRun r = run("bench", "validate", "--data", dir.resolve("nope").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(
                        "error: benchmark folder " + dir.resolve("nope") + " does not exist" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unrecognised_layout_exits_2_and_says_what_was_looked_for() throws Exception {
        write("notes.txt", "hello");

        CliRun r = run("bench", "validate", "--data", dir.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("no benchmark found")
                .contains("dataset_info.json")
                .contains("notes.txt");
    }

    @Test
    void bad_task_and_bad_format_exit_2() throws Exception {
        write("text_to_text.json", "[" + record("a", "tie", "c") + "]");

        CliRun badTask = run("bench", "validate", "--data", dir.toString(), "--task", "t2x");
        CliRun badFormat = run("bench", "validate", "--data", dir.toString(), "--format", "csv");

        assertThat(badTask.exit()).isEqualTo(2);
        assertThat(badTask.err()).contains("unknown task 't2x'");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("unknown format 'csv'");
    }

    @Test
    void format_media_root_and_task_options_are_applied() throws Exception {
        Path media = dir.resolve("elsewhere");
        Files.createDirectories(media);
        Files.write(media.resolve("1.png"), new byte[] {1});
        Path bench = dir.resolve("bench");
        Files.createDirectories(bench);
        Files.writeString(
                bench.resolve("text_to_image.json"),
                "[{\"id\":\"i\",\"prompt\":\"p\",\"criteria\":\"c\","
                        + "\"criteria_preference\":\"response1\",\"response1_path\":\"1.png\",\"response2_path\":\"1.png\"}]");
        Files.writeString(bench.resolve("text_to_text.json"), "[" + record("a", "bad", "c") + "]");

        CliRun r = run(
                "bench",
                "validate",
                "--data",
                bench.toString(),
                "--format",
                "json",
                "--media-root",
                media.toString(),
                "--task",
                "text_to_image");

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("Media root: " + media.toAbsolutePath().normalize())
                .containsPattern("t2i\\s+text_to_image\\s+1\\s+1\\s+1\\s+0\\s+0\\s+2\\s+0")
                .doesNotContain("text_to_text");
    }

    @Test
    void llamafactory_entry_without_a_task_exits_1_until_task_is_given() throws Exception {
        write(
                "pairs.json",
                "[{\"conversations\":[{\"from\":\"system\",\"value\":\"Prefer short.\"},"
                        + "{\"from\":\"human\",\"value\":\"hi\"}],\"chosen\":{\"from\":\"gpt\",\"value\":\"a\"},"
                        + "\"rejected\":{\"from\":\"gpt\",\"value\":\"b\"}}]");
        write(
                "dataset_info.json",
                "{\"pairs\":{\"file_name\":\"pairs.json\",\"ranking\":true,\"formatting\":\"sharegpt\","
                        + "\"columns\":{\"messages\":\"conversations\",\"chosen\":\"chosen\",\"rejected\":\"rejected\"}}}");

        CliRun without = run("bench", "validate", "--data", dir.toString());
        CliRun with = run("bench", "validate", "--data", dir.toString(), "--task", "t2t");

        assertThat(without.exit()).isEqualTo(1);
        assertThat(without.out()).contains("Skipped inputs").contains("pass --task");
        assertThat(with.exit()).isZero();
        assertThat(with.out()).contains("Format:     llamafactory").contains("All 1 records are valid.");
    }

    @Test
    void negative_max_errors_is_refused() throws Exception {
        write("text_to_text.json", "[" + record("a", "tie", "c") + "]");

        CliRun r = run("bench", "validate", "--data", dir.toString(), "--max-errors", "-1");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-errors must be 0 or more");
    }
}
