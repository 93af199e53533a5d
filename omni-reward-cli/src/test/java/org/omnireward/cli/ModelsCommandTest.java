package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void lists_every_provider_with_the_options_it_declares() {
        CliRun r = CliRun.run("models");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("length ", "random ", "bt ", "embedded ", "pooling ");
        assertThat(r.out()).contains("--model-option seed=<integer> (default 0)");
        assertThat(r.out()).contains("--model-option cache=<boolean> (default true)");
        assertThat(r.out()).contains("--model-option media=none|image|images (default none)");
    }

    @Test
    void an_unknown_model_option_is_refused_before_anything_runs_naming_the_valid_ones() {
        CliRun r = CliRun.run(
                "bench",
                "run",
                "--data",
                tmp.toString(),
                "--model",
                "random",
                "--model-option",
                "sed=3",
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("model 'random' has no option 'sed'; valid options: seed");
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void an_ill_typed_model_option_is_refused_naming_option_and_value() {
        CliRun r = CliRun.run(
                "bench",
                "run",
                "--data",
                tmp.toString(),
                "--model",
                "random",
                "--model-option",
                "seed=three",
                "--out",
                tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("model option 'seed' of 'random' must be a whole number, got 'three'");
    }
}
