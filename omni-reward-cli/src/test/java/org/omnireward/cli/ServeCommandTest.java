package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} refuses unsafe or wrong settings before it listens. */
class ServeCommandTest {

    @Test
    void a_non_loopback_host_without_a_token_is_refused_unless_insecure() {
        CliRun r = CliRun.run("serve", "--model", "length", "--host", "0.0.0.0", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "refusing to serve on 0.0.0.0 without a token",
                        "--token-file",
                        "--insecure",
                        "OMNI_REWARD_SERVER_TOKEN");
    }

    @Test
    void an_unknown_model_or_option_fails_before_listening() {
        CliRun r = CliRun.run("serve", "--model", "nosuch", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model 'nosuch'");
        CliRun o = CliRun.run("serve", "--model", "embedded", "--model-option", "colour=blue", "--port", "0");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("has no option 'colour'");
    }

    @Test
    void a_short_token_file_is_refused_without_printing_it(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, "tiny-secret\n");
        CliRun r = CliRun.run("serve", "--model", "length", "--port", "0", "--token-file", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("at least 16").doesNotContain("tiny-secret");
    }

    @Test
    void bad_limits_are_named() {
        CliRun r = CliRun.run("serve", "--model", "length", "--port", "0", "--max-items", "5000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-items (5000) is larger than --queue-capacity (1024)");
        CliRun w = CliRun.run("serve", "--model", "length", "--port", "0", "--max-wait", "soon");
        assertThat(w.exit()).isEqualTo(2);
        assertThat(w.err()).contains("--max-wait");
    }

    @Test
    void help_names_the_endpoints_and_the_token_variable() {
        CliRun r = CliRun.run("serve", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(
                        "--model",
                        "--port",
                        "--host",
                        "--token-file",
                        "--insecure",
                        "--criteria",
                        "--max-batch",
                        "--max-wait",
                        "--queue-capacity",
                        "--request-timeout",
                        "--min-body-rate",
                        "--max-body-readers",
                        "--max-inflight-body-bytes",
                        "/get_reward",
                        "OMNI_REWARD_SERVER_TOKEN");
    }
}
