package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;

/**
 * The text of the training configuration. It is part of a checkpoint's fingerprint, so a checkpoint written by an
 * earlier build resumes only while this text stays byte for byte the same: the strings below were written by the code
 * before the configuration's JSON became a record.
 */
class RmTrainingConfigLayoutTest {

    @Test
    void the_defaults_keep_their_text() {
        String expected = "{\"epochs\":2,\"micro_batch\":4,\"accumulation\":4,\"learning_rate\":3.0E-5,"
                + "\"head_learning_rate\":0.001,\"weight_decay\":0.01,\"warmup_fraction\":0.06,\"min_lr_fraction\":0.0,"
                + "\"clip_norm\":1.0,\"max_length\":256,\"trainable_layers\":2,\"seed\":42,\"checkpoint_every\":50,"
                + "\"max_train_pairs\":0,\"optimizer\":\"adamw\",\"beta1\":0.9,\"beta2\":0.999,\"epsilon\":1.0E-8}";
        assertThat(RmTrainingConfig.defaults().toJson().toString()).isEqualTo(expected);
        assertThat(Json.write(RmTrainingConfig.defaults().toJson())).isEqualTo(expected);
    }

    @Test
    void every_setting_keeps_its_text() {
        RmTrainingConfig c = new RmTrainingConfig(
                3, 2, 8, 1.0 / 3 * 1e-4, 1e-2, 0, 0.1, 0.05, 0.5, 48, 1, 9_007_199_254_740_993L, 0, 12_345);
        String expected = "{\"epochs\":3,\"micro_batch\":2,\"accumulation\":8,\"learning_rate\":3.3333333333333335E-5,"
                + "\"head_learning_rate\":0.01,\"weight_decay\":0.0,\"warmup_fraction\":0.1,\"min_lr_fraction\":0.05,"
                + "\"clip_norm\":0.5,\"max_length\":48,\"trainable_layers\":1,\"seed\":9007199254740993,"
                + "\"checkpoint_every\":0,\"max_train_pairs\":12345,\"optimizer\":\"adamw\",\"beta1\":0.9,"
                + "\"beta2\":0.999,\"epsilon\":1.0E-8}";
        assertThat(c.toJson().toString()).isEqualTo(expected);
        assertThat(RmTrainingConfig.fromJson(c.toJson())).isEqualTo(c);
        assertThat(RmTrainingPipelineTest.tiny().toJson().toString())
                .isEqualTo("{\"epochs\":2,\"micro_batch\":2,\"accumulation\":2,\"learning_rate\":1.0E-4,"
                        + "\"head_learning_rate\":0.01,\"weight_decay\":0.01,\"warmup_fraction\":0.06,"
                        + "\"min_lr_fraction\":0.0,\"clip_norm\":1.0,\"max_length\":48,\"trainable_layers\":1,"
                        + "\"seed\":42,\"checkpoint_every\":1,\"max_train_pairs\":0,\"optimizer\":\"adamw\","
                        + "\"beta1\":0.9,\"beta2\":0.999,\"epsilon\":1.0E-8}");
    }
}
