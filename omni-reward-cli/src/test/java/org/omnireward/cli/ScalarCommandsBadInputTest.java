package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.scalar.bt.Activation;
import org.omnireward.scalar.bt.BtHead;
import org.omnireward.scalar.bt.BtManifest;
import org.omnireward.scalar.bt.BtModelFiles;
import org.omnireward.scalar.bt.BtTrainingConfig;
import org.omnireward.scalar.bt.FeatureSpec;
import org.omnireward.scalar.bt.HeadShape;

/**
 * Bad input to {@code train bt} and {@code score} through the real command line: each is refused
 * with exit code 2 and one line that names the problem, before any encoder is loaded.
 */
class ScalarCommandsBadInputTest {

    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(fragments);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
    }

    /** Three ties and a pair whose two responses are the same: nothing a Bradley-Terry model can learn from. */
    private Path noUsablePairs() throws Exception {
        Path file = tmp.resolve("ties.jsonl");
        Files.write(
                file,
                List.of(
                        ConcisenessPairs.line(
                                "t0", "Prefer the concise answer.", "Tell me about tides.", "Tides.", "Waves.", true),
                        ConcisenessPairs.line(
                                "t1", "Prefer the concise answer.", "Tell me about kites.", "Kites.", "Wind.", true),
                        ConcisenessPairs.line(
                                "t2", "Prefer the concise answer.", "Tell me about bees.", "Bees.", "Honey.", true),
                        ConcisenessPairs.line(
                                "same", "Prefer the concise answer.", "Tell me about DNA.", "DNA.", "DNA.", false)));
        return file;
    }

    /** A well-formed model directory (tiny head) whose manifest names an encoder this build does not have. */
    private Path modelWithUnknownEncoder() {
        FeatureSpec spec = FeatureSpec.v1(8);
        HeadShape shape = HeadShape.forFeatures(spec, 2, Activation.GELU);
        BtManifest manifest = new BtManifest(
                BtModelFiles.FORMAT_VERSION,
                "mystery-encoder@9.9",
                8,
                spec.id(),
                spec.version(),
                shape,
                1,
                BtTrainingConfig.defaults(),
                List.of(),
                Map.of(),
                Map.of(),
                Instant.parse("2025-01-01T00:00:00Z"),
                "test",
                "");
        Path dir = tmp.resolve("mystery-model");
        BtModelFiles.save(dir, BtHead.initialize(shape, 1), manifest);
        return dir;
    }

    @Test
    void train_bt_on_a_file_with_only_ties_and_unusable_pairs_exits_2_saying_there_are_no_usable_pairs()
            throws Exception {
        Path file = noUsablePairs();
        Path out = tmp.resolve("model");
        CliRun r = run("train", "bt", "--train", file.toString(), "--out", out.toString());

        assertOneLineError(r, "no usable training pairs in " + file, "ties");
        assertThat(r.out()).contains("3 pairs (3 ties)").contains("identical_responses=1");
        assertThat(out).doesNotExist();
    }

    @Test
    void train_bt_with_a_validation_file_without_usable_pairs_exits_2_naming_it() throws Exception {
        Path trainFile = ConcisenessPairs.write(tmp.resolve("train.jsonl"), 0, 4, 1);
        Path validFile = noUsablePairs();
        Path out = tmp.resolve("model");
        CliRun r = run(
                "train",
                "bt",
                "--train",
                trainFile.toString(),
                "--valid",
                validFile.toString(),
                "--out",
                out.toString());

        assertOneLineError(r, "no usable validation pairs in " + validFile, "leave out --valid");
        assertThat(out).doesNotExist();
    }

    /** Two text-to-image pairs in the unified format, with their (dummy) image files beside the JSONL. */
    private Path mediaResponsePairs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("images"));
        for (String name : List.of("a.png", "b.png", "c.png", "d.png")) {
            Files.write(dir.resolve(name), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
        Path file = dir.resolve("t2i.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"id\":\"m0\",\"task\":\"t2i\",\"criteria\":\"Prefer the sharper image.\",\"prompt\":\"A cat.\","
                                + "\"chosen\":\"\",\"rejected\":\"\",\"chosen_media\":\"a.png\",\"rejected_media\":\"b.png\"}",
                        "{\"id\":\"m1\",\"task\":\"t2i\",\"criteria\":\"Prefer the sharper image.\",\"prompt\":\"A dog.\","
                                + "\"chosen\":\"\",\"rejected\":\"\",\"chosen_media\":\"c.png\",\"rejected_media\":\"d.png\"}"));
        return file;
    }

    @Test
    void train_bt_on_pairs_with_media_responses_only_exits_2_saying_the_model_reads_text_responses() throws Exception {
        Path file = mediaResponsePairs();
        Path out = tmp.resolve("model");
        CliRun r = run("train", "bt", "--train", file.toString(), "--out", out.toString(), "--no-cache");

        assertOneLineError(r, "no usable training pairs in " + file, "2 pairs have media responses");
        assertThat(r.out()).contains("2 pairs (0 ties)");
        assertThat(out).doesNotExist();
    }

    @Test
    void train_bt_with_a_validation_file_of_media_response_pairs_exits_2_naming_it() throws Exception {
        Path trainFile = ConcisenessPairs.write(tmp.resolve("train.jsonl"), 0, 4, 1);
        Path validFile = mediaResponsePairs();
        Path out = tmp.resolve("model");
        CliRun r = run(
                "train",
                "bt",
                "--train",
                trainFile.toString(),
                "--valid",
                validFile.toString(),
                "--out",
                out.toString(),
                "--no-cache");

        assertOneLineError(r, "no usable validation pairs in " + validFile, "2 pairs have media responses");
        assertThat(out).doesNotExist();
    }

    @Test
    void train_bt_with_a_missing_train_file_exits_2_naming_it() {
        Path missing = tmp.resolve("nowhere/train.jsonl");
        CliRun r = run(
                "train",
                "bt",
                "--train",
                missing.toString(),
                "--out",
                tmp.resolve("model").toString());

        assertOneLineError(r, missing.toString(), "not found");
    }

    @Test
    void train_bt_into_a_directory_that_holds_a_model_exits_2_unless_forced() throws Exception {
        Path trainFile = ConcisenessPairs.write(tmp.resolve("train.jsonl"), 0, 4, 1);
        Path out = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(out.resolve("manifest.json"), "{\"precious\": true}");

        CliRun r = run("train", "bt", "--train", trainFile.toString(), "--out", out.toString());

        assertOneLineError(r, out + " already holds a model", "--force");
        assertThat(out.resolve("manifest.json")).hasContent("{\"precious\": true}");
        assertThat(r.out()).as("refused before reading the data").isEmpty();
    }

    @Test
    void train_bt_with_an_out_path_that_is_a_file_exits_2_before_reading_the_data() throws Exception {
        Path trainFile = ConcisenessPairs.write(tmp.resolve("train.jsonl"), 0, 4, 1);
        Path out = Files.writeString(tmp.resolve("model.bin"), "not a directory");

        CliRun r = run("train", "bt", "--train", trainFile.toString(), "--out", out.toString(), "--no-cache");

        assertOneLineError(r, out.toString(), "is a file", "--out");
        assertThat(r.out()).as("refused before reading the data or training").isEmpty();
        assertThat(out).hasContent("not a directory");
    }

    @Test
    void score_with_a_pairwise_model_exits_2_explaining_that_a_scalar_model_is_needed() {
        CliRun r = run("score", "--model", "random", "--prompt", "p", "--criteria", "c", "--response", "a");

        assertOneLineError(r, "random is pairwise", "scalar model", "bt:DIR");
    }

    @Test
    void score_of_a_media_response_task_exits_2() {
        CliRun r = run(
                "score", "--model", "length", "--task", "t2i", "--prompt", "p", "--criteria", "c", "--response", "a");

        assertOneLineError(r, "text responses", "t2i has image responses");
    }

    @Test
    void score_with_a_blank_criterion_exits_2() {
        CliRun r = run("score", "--model", "length", "--prompt", "p", "--criteria", "  ", "--response", "a");

        assertOneLineError(r, "--criteria is empty");
    }

    @Test
    void score_with_a_missing_bt_directory_exits_2_naming_the_directory() {
        Path missing = tmp.resolve("no-such-model");
        CliRun r = run("score", "--model", "bt:" + missing, "--prompt", "p", "--criteria", "c", "--response", "a");

        assertOneLineError(r, "BT model directory " + missing + " does not exist", "manifest.json");
    }

    @Test
    void score_with_a_bt_model_whose_manifest_names_an_unknown_encoder_exits_2_naming_it() {
        Path dir = modelWithUnknownEncoder();
        CliRun r = run("score", "--model", "bt:" + dir, "--prompt", "p", "--criteria", "c", "--response", "a");

        assertOneLineError(r, "'mystery-encoder@9.9'", "known encoders: minilm, bge-small");
    }

    @Test
    void bench_run_with_a_bt_model_whose_encoder_is_unknown_exits_2_before_scoring() throws Exception {
        Path dir = modelWithUnknownEncoder();
        Path bench = Files.createDirectories(tmp.resolve("bench"));
        Files.writeString(
                bench.resolve("text_to_text_preferences.json"),
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(List.of(ConcisenessPairs.benchmarkRecord(50, true, true))));
        CliRun r = run(
                "bench",
                "run",
                "--data",
                bench.toString(),
                "--model",
                "bt:" + dir,
                "--out",
                tmp.resolve("run").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("error: ").contains("'mystery-encoder@9.9'");
        assertThat(tmp.resolve("run/predictions.jsonl")).doesNotExist();
    }

    @Test
    void bad_bt_model_options_exit_2_before_the_encoder_is_loaded() {
        Path dir = modelWithUnknownEncoder();
        CliRun threads = run(
                "score",
                "--model",
                "bt:" + dir,
                "--model-option",
                "threads=0",
                "--prompt",
                "p",
                "--criteria",
                "c",
                "--response",
                "a");
        CliRun cache = run(
                "score",
                "--model",
                "bt:" + dir,
                "--model-option",
                "cache=sometimes",
                "--prompt",
                "p",
                "--criteria",
                "c",
                "--response",
                "a");
        CliRun unknown = run(
                "score",
                "--model",
                "bt:" + dir,
                "--model-option",
                "colour=blue",
                "--prompt",
                "p",
                "--criteria",
                "c",
                "--response",
                "a");

        assertOneLineError(threads, "threads", "between 1 and 1024", "got 0");
        assertOneLineError(cache, "cache", "true or false", "'sometimes'");
        assertOneLineError(unknown, "has no option 'colour'", "valid options: cache, threads");
    }
}
