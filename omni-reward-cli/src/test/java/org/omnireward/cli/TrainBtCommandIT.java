package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.run.RunManifest;
import org.omnireward.scalar.encode.EmbeddingCache;

/**
 * {@code train bt}, then {@code score} and {@code bench run} with the model it wrote, end to end
 * through the real command line with the real MiniLM encoder (hence an IT). The training data are
 * {@link ConcisenessPairs}: the same short and long answers preferred either way by a "concise" or
 * a "detailed" criterion, so only a model that reads the criterion does well on the held-out topics.
 * The embedding cache is pointed into a temporary folder.
 */
class TrainBtCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static String previousCacheDir;
    private static Path trainFile;
    private static Path validFile;
    private static Path modelDir;
    private static CliRun training;

    private static CliRun train(Path out) {
        return run(
                "train",
                "bt",
                "--train",
                trainFile.toString(),
                "--valid",
                validFile.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "8",
                "--seed",
                "1");
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        previousCacheDir = System.getProperty(EmbeddingCache.DIRECTORY_PROPERTY);
        System.setProperty(
                EmbeddingCache.DIRECTORY_PROPERTY, tmp.resolve("cache").toString());
        trainFile = ConcisenessPairs.write(tmp.resolve("data/train.jsonl"), 0, 40, 3);
        validFile = ConcisenessPairs.write(tmp.resolve("data/valid.jsonl"), 40, 50, 1);
        modelDir = tmp.resolve("models/concise-bt");
        training = train(modelDir);
    }

    @AfterAll
    static void restoreCacheDirectory() {
        if (previousCacheDir == null) {
            System.clearProperty(EmbeddingCache.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(EmbeddingCache.DIRECTORY_PROPERTY, previousCacheDir);
        }
    }

    @Test
    void training_writes_a_complete_model_directory_whose_manifest_records_encoder_seed_and_data() throws Exception {
        assertThat(training.exit()).as(training.out() + training.err()).isZero();
        assertThat(training.out())
                .contains("train: unified file " + trainFile + ": 80 pairs (0 ties)")
                .contains("valid: unified file " + validFile + ": 20 pairs (0 ties)")
                .contains("model: " + modelDir + " (all-minilm-l6-v2@");
        for (String f :
                List.of("manifest.json", "weights.bin", "training-log.json", "training-log.svg", "evaluation.json")) {
            assertThat(modelDir.resolve(f)).as(f).isNotEmptyFile();
        }
        JsonNode manifest = JSON.readTree(modelDir.resolve("manifest.json").toFile());
        assertThat(manifest.at("/encoder/id").asText()).startsWith("all-minilm-l6-v2@");
        assertThat(manifest.at("/encoder/dimension").asInt()).isEqualTo(384);
        assertThat(manifest.path("seed").asLong()).isEqualTo(1);
        assertThat(manifest.at("/training/max_epochs").asInt()).isEqualTo(8);
        List<String> hashes = new ArrayList<>();
        for (JsonNode d : manifest.path("training_data")) {
            hashes.add(d.path("role").asText() + ":" + d.path("sha256").asText());
        }
        assertThat(hashes).containsExactly("train:" + sha256(trainFile), "valid:" + sha256(validFile));
        assertThat(manifest.at("/counts/train_pairs").asInt()).isEqualTo(80);
        assertThat(manifest.at("/counts/valid_pairs").asInt()).isEqualTo(20);
        assertThat(manifest.at("/weights/sha256").asText()).isEqualTo(sha256(modelDir.resolve("weights.bin")));

        JsonNode log = JSON.readTree(modelDir.resolve("training-log.json").toFile());
        assertThat(log.path("status").asText()).isEqualTo("completed");
        assertThat(log.path("epochs")).hasSize(manifest.at("/counts/epochs").asInt());
        for (JsonNode epoch : log.path("epochs")) {
            assertThat(epoch.has("train_loss") && epoch.has("train_accuracy") && epoch.has("valid_accuracy"))
                    .as(epoch.toString())
                    .isTrue();
        }
        assertThat(Files.readString(modelDir.resolve("training-log.svg")))
                .contains("<svg")
                .contains("</svg>");
        // the embeddings went to the cache folder this test chose
        assertThat(tmp.resolve("cache").resolve("embeddings"))
                .isDirectoryContaining(p -> p.toString().endsWith(EmbeddingCache.EXTENSION));
    }

    @Test
    void the_model_follows_the_criterion_on_held_out_topics() throws Exception {
        assertThat(training.exit()).as(training.err()).isZero();
        JsonNode manifest = JSON.readTree(modelDir.resolve("manifest.json").toFile());
        // every pair's answers occur under both criteria: a length detector gets exactly half right
        assertThat(manifest.at("/validation/accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(manifest.at("/validation/length_baseline_all_pairs").asDouble())
                .isEqualTo(0.5);

        JsonNode evaluation = JSON.readTree(modelDir.resolve("evaluation.json").toFile());
        JsonNode all = evaluation.get(0);
        assertThat(all.path("subset").asText()).isEqualTo("all pairs");
        assertThat(all.path("pairs").asInt()).isEqualTo(20);
        assertThat(all.path("model").asDouble()).isGreaterThan(0.8);
        assertThat(training.out()).contains("validation subset").contains("all pairs");
    }

    @Test
    void score_ranks_the_same_pair_in_opposite_orders_under_opposite_criteria() throws Exception {
        String topic = ConcisenessPairs.TOPICS.get(55);
        String shortAnswer = ConcisenessPairs.shortAnswer(topic);
        String longAnswer = ConcisenessPairs.longAnswer(topic);
        String spec = "bt:" + modelDir;

        CliRun concise = run(
                "score",
                "--model",
                spec,
                "--prompt",
                ConcisenessPairs.prompt(topic),
                "--criteria",
                ConcisenessPairs.CONCISE,
                "--response",
                shortAnswer,
                "--response",
                longAnswer,
                "--json");
        CliRun detailed = run(
                "score",
                "--model",
                spec,
                "--prompt",
                ConcisenessPairs.prompt(topic),
                "--criteria",
                ConcisenessPairs.DETAILED,
                "--response",
                shortAnswer,
                "--response",
                longAnswer,
                "--json");

        assertThat(concise.exit()).as(concise.err()).isZero();
        assertThat(detailed.exit()).as(detailed.err()).isZero();
        JsonNode c = JSON.readTree(concise.out());
        JsonNode d = JSON.readTree(detailed.out());
        assertThat(c.path("model").asText()).isEqualTo(spec);
        assertThat(c.path("scores")).hasSize(2);
        assertThat(c.path("preferred").asInt()).as(concise.out()).isEqualTo(1);
        assertThat(d.path("preferred").asInt()).as(detailed.out()).isEqualTo(2);
        assertThat(c.at("/scores/0").asDouble()).isGreaterThan(c.at("/scores/1").asDouble());
        assertThat(d.at("/scores/1").asDouble()).isGreaterThan(d.at("/scores/0").asDouble());

        CliRun text = run(
                "score",
                "--model",
                spec,
                "--prompt",
                ConcisenessPairs.prompt(topic),
                "--criteria",
                ConcisenessPairs.CONCISE,
                "--response",
                shortAnswer,
                "--response",
                longAnswer);
        assertThat(text.out())
                .containsPattern("response 1: -?\\d+\\.\\d{4}   <- preferred")
                .containsPattern("response 2: -?\\d+\\.\\d{4}\\R");
    }

    @Test
    void bench_run_with_the_model_scores_text_tasks_and_marks_media_response_tasks_unsupported() throws Exception {
        Path data = benchmark();
        Path out = tmp.resolve("runs/bt");
        CliRun r = run("bench", "run", "--data", data.toString(), "--model", "bt:" + modelDir, "--out", out.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("(scalar)").contains("unsupported by the model (not run): t2i");
        List<String> lines = Files.readAllLines(out.resolve("predictions.jsonl"));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode p = JSON.readTree(line);
            assertThat(p.path("task").asText()).isEqualTo("t2t");
            assertThat(p.path("failed").asBoolean()).as(line).isFalse();
        }
        assertThat(RunManifest.read(out).orElseThrow().unsupported()).containsExactly("t2i");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/settings/no_ties/tasks/t2t/accuracy").asDouble())
                .as(summary.toString())
                .isGreaterThanOrEqualTo(5.0 / 6);
    }

    @Test
    void a_diverging_run_stops_with_a_clear_message_and_saves_no_untrained_model() throws Exception {
        Path out = tmp.resolve("models/diverged");
        Files.createDirectories(out);
        for (String f : List.of("manifest.json", "weights.bin")) { // an earlier model that --force replaces
            Files.copy(modelDir.resolve(f), out.resolve(f));
        }
        CliRun r = run(
                "train",
                "bt",
                "--train",
                trainFile.toString(),
                "--valid",
                validFile.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "3",
                "--lr",
                "1e30",
                "--warmup",
                "0",
                "--force");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err())
                .contains("diverged at epoch 1")
                .contains("Lower the learning rate")
                .contains("No model was saved");
        assertThat(out.resolve("weights.bin")).doesNotExist();
        assertThat(out.resolve("manifest.json")).doesNotExist();
        assertThat(out.resolve("training-log.json")).exists();
    }

    @Test
    void training_again_with_the_same_seed_gives_byte_identical_weights() throws Exception {
        Path again = tmp.resolve("models/concise-bt-again");
        CliRun second = train(again);

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(Files.readAllBytes(again.resolve("weights.bin")))
                .isEqualTo(Files.readAllBytes(modelDir.resolve("weights.bin")));
    }

    /**
     * A benchmark in the official JSON layout: six t2t records on topics the model never saw (three
     * concise, three detailed, the preferred answer first or second), and two t2i records.
     */
    private static Path benchmark() throws IOException {
        Path dir = tmp.resolve("bench");
        Files.createDirectories(dir.resolve("media_data"));
        List<Map<String, Object>> t2t = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            t2t.add(ConcisenessPairs.benchmarkRecord(50 + i, i % 2 == 0, i % 3 != 1));
        }
        Files.writeString(dir.resolve("text_to_text_preferences.json"), JSON.writeValueAsString(t2t));
        Files.write(dir.resolve("media_data/a.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(dir.resolve("media_data/b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
        List<Map<String, Object>> t2i = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            t2i.add(Map.of(
                    "id",
                    "t2i-" + i,
                    "prompt",
                    "A red square",
                    "criteria",
                    "Prefer red",
                    "criteria_preference",
                    "response1",
                    "response1",
                    "a.png",
                    "response2",
                    "b.png",
                    "model1",
                    "m1",
                    "model2",
                    "m2"));
        }
        Files.writeString(dir.resolve("text_to_image_preferences.json"), JSON.writeValueAsString(t2i));
        return dir;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
