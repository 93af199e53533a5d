package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.training.DataFile;

class BtModelFilesTest {

    @TempDir
    Path tmp;

    private final FakeEncoder encoder = new FakeEncoder(4);
    private final FeatureSpec spec = FeatureSpec.v1(4);

    private BtHead randomHead(int hidden) {
        HeadShape shape = HeadShape.forFeatures(spec, hidden, Activation.GELU);
        Random r = new Random(3);
        double[] p = new double[shape.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextGaussian();
        }
        return BtHead.of(shape, p);
    }

    private BtManifest manifest(BtHead head) {
        BtTrainingConfig config = BtTrainingConfig.defaults()
                .withHiddenSize(head.shape().hiddenSize())
                .withSeed(5);
        return new BtManifest(
                1,
                encoder.id(),
                4,
                spec.id(),
                spec.version(),
                head.shape(),
                5,
                config,
                List.of(new DataFile(
                        "train", "data/train.jsonl", "ab".repeat(32), 123, Map.of("pairs", 10L, "ties", 1L))),
                Map.of("train_pairs", 10L),
                Map.of("accuracy", 0.75),
                Instant.parse("2025-02-03T04:05:06Z"),
                "1.2.3",
                null);
    }

    private Path saved(BtHead head) {
        Path dir = tmp.resolve("model");
        BtModelFiles.save(dir, head, manifest(head));
        return dir;
    }

    @Test
    void saves_and_loads_weights_as_floats_and_every_manifest_field() {
        BtHead head = randomHead(3);
        Path dir = saved(head);

        BtModel model = BtModelFiles.load(dir, encoder);

        assertThat(model.head()).isEqualTo(head.roundedToFloat());
        BtManifest m = model.manifest();
        assertThat(m.formatVersion()).isEqualTo(1);
        assertThat(m.encoderId()).isEqualTo("fake-bow-4");
        assertThat(m.encoderDimension()).isEqualTo(4);
        assertThat(m.featureSpecId()).isEqualTo("bt-features");
        assertThat(m.featureSpecVersion()).isEqualTo(1);
        assertThat(m.head()).isEqualTo(head.shape());
        assertThat(m.seed()).isEqualTo(5);
        assertThat(m.training()).isEqualTo(manifest(head).training());
        assertThat(m.trainingData())
                .containsExactly(manifest(head).trainingData().get(0));
        assertThat(m.counts()).containsEntry("train_pairs", 10L);
        assertThat(m.validation()).containsEntry("accuracy", 0.75);
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2025-02-03T04:05:06Z"));
        assertThat(m.toolVersion()).isEqualTo("1.2.3");
        assertThat(m.weightsSha256()).hasSize(64);
        assertThat(model.featureSpec().dimension()).isEqualTo(26);
    }

    @Test
    void weights_file_has_the_documented_little_endian_layout() throws IOException {
        BtHead head = randomHead(3);
        byte[] bytes = Files.readAllBytes(saved(head).resolve("weights.bin"));

        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("ORBT");
        assertThat(b.getInt(4)).isEqualTo(1);
        assertThat(b.getInt(8)).isEqualTo(26);
        assertThat(b.getInt(12)).isEqualTo(3);
        assertThat(b.getInt(16)).isEqualTo(4);
        assertThat(b.getInt(20)).isEqualTo(8);
        assertThat(b.getInt(24)).isEqualTo(head.parameterCount()).isEqualTo(3 * 26 + 3 + 3 + 4 * 8);
        assertThat(bytes).hasSize(28 + 4 * head.parameterCount());
        assertThat(b.getFloat(28)).isEqualTo((float) head.copyParameters()[0]);
        assertThat(b.getFloat(bytes.length - 4)).isEqualTo((float) head.copyParameters()[head.parameterCount() - 1]);
    }

    @Test
    void a_loaded_model_scores_exactly_like_the_saved_head() {
        BtHead head = randomHead(3).roundedToFloat();
        BtRewardModel model = BtRewardModel.load(saved(head), encoder);

        double score = model.score("be brief", "what is it", "it is a thing");

        float[] f = spec.features(
                encoder.encode("be brief"),
                encoder.encode("what is it"),
                encoder.encode("it is a thing"),
                "it is a thing");
        assertThat(score).isEqualTo(head.score(f));
        assertThat(model.name()).startsWith("bt:");
    }

    @Test
    void refuses_a_missing_directory_or_missing_files() throws IOException {
        assertThatThrownBy(() -> BtModelFiles.load(tmp.resolve("nope")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
        Path dir = saved(randomHead(2));
        Files.delete(dir.resolve("weights.bin"));
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no weights.bin");
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no manifest.json");
    }

    @Test
    void refuses_truncated_padded_or_altered_weights() throws IOException {
        Path dir = saved(randomHead(2));
        Path weights = dir.resolve("weights.bin");
        byte[] good = Files.readAllBytes(weights);

        Files.write(weights, Arrays.copyOf(good, good.length - 3));
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weights.bin: " + (good.length - 3) + " bytes, expected " + good.length)
                .hasMessageContaining("truncated");

        Files.write(weights, Arrays.copyOf(good, good.length + 4));
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("extra bytes");

        byte[] altered = good.clone();
        altered[40] ^= 0x10;
        Files.write(weights, altered);
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match manifest.json")
                .hasMessageContaining("corrupt");

        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        Files.write(weights, badMagic);
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a BT weights file");

        Files.write(weights, new byte[0]);
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weights.bin");
    }

    @Test
    void refuses_weights_of_another_head_shape() {
        Path dir = saved(randomHead(2));
        Path other = tmp.resolve("other");
        BtHead bigger = randomHead(5);
        BtModelFiles.save(other, bigger, manifest(bigger));

        assertThatThrownBy(() -> {
                    Files.copy(
                            other.resolve("weights.bin"),
                            dir.resolve("weights.bin"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    BtModelFiles.load(dir);
                })
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hidden 5")
                .hasMessageContaining("do not belong together");
    }

    @Test
    void reports_malformed_manifest_json_with_file_line_and_column() throws IOException {
        Path dir = saved(randomHead(2));
        Files.writeString(
                dir.resolve("manifest.json"), "{\n  \"format_version\": 1,\n  \"encoder\": {\"id\": \"x\",, }\n}");

        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("manifest.json: malformed JSON at line 3 column");

        Files.writeString(dir.resolve("manifest.json"), "");
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("manifest.json: empty file");

        Files.writeString(dir.resolve("manifest.json"), "[1, 2]");
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void refuses_a_manifest_from_a_newer_format_version_with_an_upgrade_message() throws IOException {
        Path dir = saved(randomHead(2));
        ObjectNode json =
                (ObjectNode) Json.mapper().readTree(dir.resolve("manifest.json").toFile());
        json.put("format_version", 2);
        json.remove("encoder"); // a newer layout: the version check must come before field checks
        Files.writeString(dir.resolve("manifest.json"), json.toString());

        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("format_version 2 was written by a newer omni-reward")
                .hasMessageContaining("reads up to 1")
                .hasMessageContaining("upgrade omni-reward");
    }

    @Test
    void refuses_a_manifest_with_a_missing_or_invalid_field_naming_it() throws IOException {
        Path dir = saved(randomHead(2));
        ObjectNode json =
                (ObjectNode) Json.mapper().readTree(dir.resolve("manifest.json").toFile());
        ((ObjectNode) json.get("encoder")).remove("dimension");
        Files.writeString(dir.resolve("manifest.json"), json.toString());
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing field 'encoder.dimension'");

        ((ObjectNode) json.get("encoder")).put("dimension", 4);
        ((ObjectNode) json.get("feature_spec")).put("version", 7);
        Files.writeString(dir.resolve("manifest.json"), json.toString());
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("feature spec bt-features version 7 was written by a newer omni-reward");

        ((ObjectNode) json.get("feature_spec")).put("version", 1);
        ((ObjectNode) json.get("head")).put("activation", "relu");
        Files.writeString(dir.resolve("manifest.json"), json.toString());
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown activation 'relu'");

        ((ObjectNode) json.get("head")).put("activation", "gelu");
        ((ObjectNode) json.get("encoder")).put("dimension", 5);
        Files.writeString(dir.resolve("manifest.json"), json.toString());
        assertThatThrownBy(() -> BtModelFiles.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not fit feature spec");
    }

    @Test
    void refuses_an_encoder_with_another_id_or_dimension_naming_both() {
        Path dir = saved(randomHead(2));

        assertThatThrownBy(() -> BtModelFiles.load(dir, new FakeEncoder("bge-small", 4)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trained with encoder 'fake-bow-4' (dimension 4)")
                .hasMessageContaining("the encoder given is 'bge-small' (dimension 4)");
        assertThatThrownBy(() -> BtModelFiles.load(dir, new FakeEncoder("fake-bow-4", 8)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the encoder given is 'fake-bow-4' (dimension 8)");
    }

    @Test
    void save_refuses_a_manifest_describing_another_head() {
        BtHead head = randomHead(2);
        BtManifest wrong = manifest(randomHead(3));

        assertThatThrownBy(() -> BtModelFiles.save(tmp.resolve("x"), head, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differs");
    }

    @Test
    void manifest_for_training_records_counts_and_validation_of_the_result() {
        BtTrainingConfig config =
                BtTrainingConfig.defaults().withHiddenSize(4).withMaxEpochs(2).withPatience(0);
        FeatureSpec spec4 = SyntheticPairs.SPEC;
        BtTrainingResult result = new BtTrainer(config)
                .train(
                        SyntheticPairs.SHAPE,
                        SyntheticPairs.source(SyntheticPairs.linear(50, 1, 0, 2)),
                        SyntheticPairs.source(SyntheticPairs.linear(20, 2, 0, 1)),
                        null);

        BtManifest m = BtManifest.forTraining(new FakeEncoder(4), spec4, result, List.of(), Instant.EPOCH)
                .withValidation(Map.of("accuracy_length_balanced", 0.5));

        assertThat(m.counts())
                .containsEntry("train_pairs", 50L)
                .containsEntry("train_ties_skipped", 2L)
                .containsEntry("valid_pairs", 20L)
                .containsEntry("valid_ties_skipped", 1L)
                .containsEntry("epochs", 2L);
        assertThat(m.validation())
                .containsEntry("accuracy", result.validation().accuracy())
                .containsEntry("accuracy_length_balanced", 0.5);
        BtManifest written = BtModelFiles.save(tmp.resolve("t"), result.head(), m);
        assertThat(BtModelFiles.load(tmp.resolve("t")).manifest()).isEqualTo(written);
    }
}
