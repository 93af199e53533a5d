package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quickstart --seed N} in a folder where an earlier quickstart used another seed (generates media: an IT). */
class QuickstartSeedIT {

    @TempDir
    Path tmp;

    @Test
    void a_quickstart_with_another_seed_in_the_same_folder_runs_on_demo_data_of_that_seed() throws Exception {
        Path dir = tmp.resolve("qs");
        CliRun first = CliRun.run("quickstart", "--dir", dir.toString(), "--model", "length");
        assertThat(first.exit()).as(first.err()).isZero();

        CliRun second = CliRun.run("quickstart", "--dir", dir.toString(), "--model", "length", "--seed", "7");

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("already holds predictions of another run");
        Path runJson = Files.list(dir.resolve("runs"))
                .filter(p -> p.getFileName().toString().startsWith("length"))
                .map(p -> p.resolve("run.json"))
                .filter(p -> {
                    try {
                        return new ObjectMapper()
                                        .readTree(p.toFile())
                                        .path("seed")
                                        .asLong()
                                == 7;
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no length run with seed 7 in " + dir));
        JsonNode run = new ObjectMapper().readTree(runJson.toFile());
        Path demo = Path.of(run.path("data").asText());
        JsonNode marker = demoSeed(demo);
        assertThat(marker.asLong())
                .as("seed of the demo data the seed-7 run used (%s)", demo)
                .isEqualTo(7);
    }

    private static JsonNode demoSeed(Path demo) throws Exception {
        return new ObjectMapper()
                .valueToTree(org.omnireward.demo.DemoBenchmark.existing(demo)
                        .orElseThrow()
                        .seed());
    }
}
