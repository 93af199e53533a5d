package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;
import org.omnireward.training.DataFile;

/**
 * The layout of an {@code rm:} folder's {@code manifest.json}: the text below was written by the code before the
 * manifest became a record, so the record keeps every key, its order, the number formats and NaN as a string.
 */
class RmManifestLayoutTest {

    @Test
    void the_manifest_is_written_with_the_keys_order_and_numbers_of_format_1() throws Exception {
        Map<String, Long> read = new LinkedHashMap<>();
        read.put("pairs", 12L);
        read.put("ties", 1L);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("train_pairs", 12L);
        counts.put("train_pairs_available", 14L);
        counts.put("valid_pairs", 4L);
        Map<String, Double> validation = new LinkedHashMap<>();
        validation.put("accuracy_all_pairs", 0.75);
        validation.put("length_baseline_all_pairs", Double.NaN);
        validation.put("x", 1.0 / 3);
        RmManifest m = new RmManifest(
                1,
                "minilm",
                "sentence-transformers/all-MiniLM-L6-v2",
                "abc123",
                5,
                48,
                RmTrainingConfig.defaults().withEpochs(2),
                List.of(
                        new DataFile("train", "/d/train.jsonl", "ff00", 1234, read),
                        new DataFile("valid", "v.jsonl", "ee", 0, Map.of())),
                counts,
                validation,
                Instant.parse("2026-12-07T20:00:00.123Z"),
                "0.1.0",
                "deadbeef");

        String expected = """
                {
                  "format" : "omni-reward-rm",
                  "format_version" : 1,
                  "base" : {
                    "name" : "minilm",
                    "id" : "sentence-transformers/all-MiniLM-L6-v2",
                    "onnx_sha256" : "abc123"
                  },
                  "trainable_from_layer" : 5,
                  "max_length" : 48,
                  "input" : "[CLS] criterion [SEP] prompt [SEP] response [SEP]; mean pooling; linear value head",
                  "training" : {
                    "epochs" : 2,
                    "micro_batch" : 4,
                    "accumulation" : 4,
                    "learning_rate" : 3.0E-5,
                    "head_learning_rate" : 0.001,
                    "weight_decay" : 0.01,
                    "warmup_fraction" : 0.06,
                    "min_lr_fraction" : 0.0,
                    "clip_norm" : 1.0,
                    "max_length" : 256,
                    "trainable_layers" : 2,
                    "seed" : 42,
                    "checkpoint_every" : 50,
                    "max_train_pairs" : 0,
                    "optimizer" : "adamw",
                    "beta1" : 0.9,
                    "beta2" : 0.999,
                    "epsilon" : 1.0E-8
                  },
                  "training_data" : [ {
                    "role" : "train",
                    "path" : "/d/train.jsonl",
                    "sha256" : "ff00",
                    "bytes" : 1234,
                    "counts" : {
                      "pairs" : 12,
                      "ties" : 1
                    }
                  }, {
                    "role" : "valid",
                    "path" : "v.jsonl",
                    "sha256" : "ee",
                    "bytes" : 0,
                    "counts" : { }
                  } ],
                  "counts" : {
                    "train_pairs" : 12,
                    "train_pairs_available" : 14,
                    "valid_pairs" : 4
                  },
                  "validation" : {
                    "accuracy_all_pairs" : 0.75,
                    "length_baseline_all_pairs" : "NaN",
                    "x" : 0.3333333333333333
                  },
                  "created_at" : "2026-12-07T20:00:00.123Z",
                  "tool_version" : "0.1.0",
                  "weights_sha256" : "deadbeef"
                }
                """;
        assertThat(Json.pretty().writeValueAsString(m.file()) + "\n").isEqualTo(expected);
        assertThat(Json.pretty().writeValueAsString(m.toJson()) + "\n").isEqualTo(expected);
        RmManifest back = RmManifest.fromJson(Json.mapper().readTree(expected), Path.of("manifest.json"));
        assertThat(back.trainingData()).isEqualTo(m.trainingData());
        assertThat(back.counts()).isEqualTo(m.counts());
    }
}
