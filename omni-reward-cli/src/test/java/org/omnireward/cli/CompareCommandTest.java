package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;

/** {@code omni-reward compare} with the local baselines (no server needed). */
class CompareCommandTest {

    @TempDir
    Path dir;

    @Test
    void a_pairwise_model_prints_its_verdict() {
        CliRun r = run(
                "compare",
                "--model",
                "random",
                "--prompt",
                "Name a colour.",
                "--criteria",
                "Prefer detail.",
                "--response",
                "Red.",
                "--response",
                "Red, like a ripe tomato.");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("model:     random")
                .contains("task:      t2t")
                .containsPattern("verdict:   response [12] is better");
    }

    @Test
    void a_scalar_model_scores_both_and_json_output_is_machine_readable() throws Exception {
        Files.writeString(dir.resolve("long.txt"), "Red, like a ripe tomato in August.");
        CliRun r = run(
                "compare",
                "--model",
                "length",
                "--prompt",
                "Name a colour.",
                "--criteria",
                "Prefer detail.",
                "--response",
                "Red.",
                "--response",
                "file:" + dir.resolve("long.txt"),
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = Json.mapper().readTree(r.out());
        assertThat(n.get("model").asText()).isEqualTo("length");
        assertThat(n.get("preference").asText()).isEqualTo("response2");
        assertThat(n.get("scores")).hasSize(2);
        assertThat(n.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void refuses_a_wrong_number_of_responses_and_missing_files_naming_them() {
        CliRun one = run("compare", "--model", "random", "--prompt", "p", "--criteria", "c", "--response", "x");
        assertThat(one.exit()).isEqualTo(2);
        assertThat(one.err()).contains("exactly two --response");

        CliRun missing = run(
                "compare",
                "--model",
                "random",
                "--task",
                "t2i",
                "--prompt",
                "p",
                "--criteria",
                "c",
                "--response",
                dir.resolve("a.png").toString(),
                "--response",
                dir.resolve("b.png").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("a.png").contains("no such file");

        CliRun noInput = run(
                "compare",
                "--model",
                "random",
                "--task",
                "ti2t",
                "--prompt",
                "p",
                "--criteria",
                "c",
                "--response",
                "x",
                "--response",
                "y");
        assertThat(noInput.exit()).isEqualTo(2);
        assertThat(noInput.err()).contains("--input");
    }

    @Test
    void an_unsupported_task_is_reported_as_such() throws Exception {
        Path a = Files.write(dir.resolve("a.png"), new byte[] {1});
        Path b = Files.write(dir.resolve("b.png"), new byte[] {2});
        CliRun r = run(
                "compare",
                "--model",
                "length",
                "--task",
                "t2i",
                "--prompt",
                "p",
                "--criteria",
                "c",
                "--response",
                a.toString(),
                "--response",
                b.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not support task t2i");
    }
}
