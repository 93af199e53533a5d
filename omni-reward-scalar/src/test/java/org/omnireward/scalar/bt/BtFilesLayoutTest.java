package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of the JSON files a BT model directory holds: the manifest of the committed format-1
 * directory is written again exactly as it is on disk, and the training log has its documented keys in
 * order, with null for a number that is not finite.
 */
class BtFilesLayoutTest {

    @TempDir
    Path tmp;

    @Test
    void the_version_1_manifest_is_written_back_byte_for_byte() throws Exception {
        Path dir = Path.of(
                BtFilesLayoutTest.class.getResource(FormatV1Fixture.RESOURCE).toURI());
        BtManifest manifest = BtModelFiles.load(dir).manifest();

        String written = BtModelFiles.manifestJson(manifest);

        assertThat(written).isEqualTo(Files.readString(dir.resolve(BtModelFiles.MANIFEST), StandardCharsets.UTF_8));
    }

    @Test
    void the_training_log_has_its_keys_in_order_and_null_for_what_is_not_finite() throws Exception {
        BtTrainingConfig config =
                BtTrainingConfig.defaults().withHiddenSize(4).withMaxEpochs(2).withPatience(0);
        BtTrainingResult result = new BtTrainingResult(
                null,
                BtTrainingResult.Status.DIVERGED,
                "diverged in epoch 2",
                List.of(new EpochLog(1, 0.5, 0.75, Double.NaN, Double.NaN, 0.001, 1.25)),
                1,
                null,
                10,
                2,
                0,
                0,
                config);
        Path file = tmp.resolve("training-log.json");

        result.writeLog(file);

        String threads = Integer.toString(config.threads());
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
                        {
                          "status" : "diverged",
                          "message" : "diverged in epoch 2",
                          "best_epoch" : 1,
                          "train_pairs" : 10,
                          "train_ties_skipped" : 2,
                          "valid_pairs" : 0,
                          "valid_ties_skipped" : 0,
                          "valid_loss" : null,
                          "valid_accuracy" : null,
                          "config" : {
                            "hidden_size" : 4,
                            "activation" : "gelu",
                            "batch_size" : 64,
                            "max_epochs" : 2,
                            "learning_rate" : 0.001,
                            "weight_decay" : 0.01,
                            "warmup_fraction" : 0.05,
                            "min_lr_fraction" : 0.0,
                            "clip_norm" : 1.0,
                            "margin" : 0.0,
                            "seed" : 42,
                            "patience" : 0,
                            "beta1" : 0.9,
                            "beta2" : 0.999,
                            "epsilon" : 1.0E-8,
                            "threads" : THREADS
                          },
                          "epochs" : [ {
                            "epoch" : 1,
                            "train_loss" : 0.5,
                            "train_accuracy" : 0.75,
                            "valid_loss" : null,
                            "valid_accuracy" : null,
                            "learning_rate" : 0.001,
                            "seconds" : 1.25
                          } ]
                        }
                        """.replace("THREADS", threads));
    }
}
