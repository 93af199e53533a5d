package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explore} and {@code annotate} refuse unsafe or wrong settings before they listen. */
class ExploreCommandTest {

    @Test
    void explore_needs_runs_or_data() {
        CliRun r = CliRun.run("explore", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("name run folders to explore, or --data PATH");
    }

    @Test
    void a_non_loopback_host_without_a_token_is_refused(@TempDir Path dir) {
        CliRun r = CliRun.run("explore", "--data", dir.toString(), "--host", "0.0.0.0", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without a token", "--token-file", "--insecure");
        CliRun a = CliRun.run(
                "annotate",
                "--data",
                dir.toString(),
                "--out",
                dir.resolve("l.jsonl").toString(),
                "--annotator",
                "ana",
                "--host",
                "0.0.0.0",
                "--port",
                "0");
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err()).contains("without a token");
    }

    @Test
    void a_missing_run_or_data_path_is_named(@TempDir Path dir) {
        CliRun r = CliRun.run("explore", dir.resolve("nope").toString(), "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope").contains("no such run directory");
        CliRun d = CliRun.run("explore", "--data", dir.resolve("nada").toString(), "--port", "0");
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("nada");
    }

    @Test
    void annotator_names_and_the_labels_file_are_checked(@TempDir Path dir) throws Exception {
        Path pairs = dir.resolve("pairs.jsonl");
        Files.writeString(
                pairs,
                "{\"id\":\"p\",\"task\":\"t2t\",\"criteria\":\"c\",\"prompt\":\"q\",\"chosen\":\"a\","
                        + "\"rejected\":\"b\"}\n");
        CliRun bad = CliRun.run(
                "annotate",
                "--data",
                pairs.toString(),
                "--out",
                dir.resolve("l.jsonl").toString(),
                "--annotator",
                "ana <b>",
                "--port",
                "0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--annotator 'ana <b>'");
        CliRun same = CliRun.run(
                "annotate", "--data", pairs.toString(), "--out", pairs.toString(), "--annotator", "ana", "--port", "0");
        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err()).contains("is the data being labelled");
        Files.writeString(dir.resolve("l.jsonl"), "not json\n");
        CliRun garbled = CliRun.run(
                "annotate",
                "--data",
                pairs.toString(),
                "--out",
                dir.resolve("l.jsonl").toString(),
                "--annotator",
                "ana",
                "--port",
                "0");
        assertThat(garbled.exit()).isEqualTo(2);
        assertThat(garbled.err()).contains("l.jsonl line 1: not JSON");
    }
}
