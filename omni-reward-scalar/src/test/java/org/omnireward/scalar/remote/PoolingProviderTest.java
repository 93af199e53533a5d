package org.omnireward.scalar.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;

class PoolingProviderTest {

    private static PoolingRewardModel create(String spec, Map<String, String> options, Map<String, String> env) {
        PoolingProvider provider = new PoolingProvider(env::get);
        ModelSpec parsed = ModelSpec.parse(spec, options);
        RewardModels.validateOptions(provider, parsed); // what RewardModels.create does before create
        return (PoolingRewardModel) provider.create(parsed);
    }

    private static PoolingRewardModel create(String spec) {
        return create(spec, Map.of(), Map.of());
    }

    @Test
    void is_found_by_the_service_loader_under_the_name_pooling() {
        assertThat(RewardModels.providers())
                .extracting(RewardModelProvider::name)
                .contains("pooling");
    }

    @Test
    void splits_the_argument_into_base_url_and_model() {
        try (PoolingRewardModel m = create("pooling:http://gpu-box:8000#OmniRewardModel-BT")) {
            assertThat(m.endpoint()).hasToString("http://gpu-box:8000/pooling");
            assertThat(m.modelName()).contains("OmniRewardModel-BT");
            assertThat(m.name()).isEqualTo("pooling:http://gpu-box:8000/pooling#OmniRewardModel-BT");
            assertThat(m.parallel()).isEqualTo(PoolingRewardModel.DEFAULT_PARALLEL);
        }
        try (PoolingRewardModel m = create("pooling:https://rm.example.org/serve/")) {
            assertThat(m.endpoint()).hasToString("https://rm.example.org/serve/pooling");
            assertThat(m.modelName()).isEmpty();
        }
        try (PoolingRewardModel m = create("pooling:http://h:1/pooling#Skywork/Skywork-Reward-V2")) {
            assertThat(m.endpoint()).hasToString("http://h:1/pooling");
            assertThat(m.modelName()).contains("Skywork/Skywork-Reward-V2");
        }
    }

    @Test
    void rejects_bad_arguments_with_a_reason() {
        assertThatThrownBy(() -> create("pooling"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs the server URL");
        assertThatThrownBy(() -> create("pooling:gpu-box:8000"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> create("pooling:ftp://h/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> create("pooling:http://h:1#"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty model name");
        assertThatThrownBy(() -> create("pooling:http://h:1/?a=b#m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query");
        assertThatThrownBy(() -> create("pooling:http://bob:hunter2@h:1#m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void reads_the_options() {
        try (PoolingRewardModel m = create(
                "pooling:http://h:1#m",
                Map.of(
                        "parallel",
                        "3",
                        "timeout",
                        "2.5",
                        "connect-timeout",
                        "500ms",
                        "tasks",
                        "t2t,ti2t",
                        "media",
                        "image",
                        "score-index",
                        "0"),
                Map.of())) {
            assertThat(m.parallel()).isEqualTo(3);
            assertThat(m.preferredBatchSize()).isEqualTo(6);
            assertThat(m.supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TI2T);
        }
        assertThat(PoolingProvider.duration("timeout", "30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PoolingProvider.duration("timeout", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PoolingProvider.duration("timeout", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(PoolingProvider.duration("timeout", "0.5")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejects_bad_options_naming_them() {
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("paralel", "3"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("paralel")
                .hasMessageContaining("parallel");
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("parallel", "0"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("parallel");
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("timeout", "soon"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("timeout", "0"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("media", "video"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("media");
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("tasks", "t2i"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t2i")
                .hasMessageContaining("text responses");
    }

    @Test
    void api_key_env_names_a_variable_that_must_be_set() {
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("api-key-env", "MY_RM_KEY"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MY_RM_KEY")
                .hasMessageContaining("not set");
        String secret = "sk-\nINJECT";
        assertThatThrownBy(() -> create("pooling:http://h:1", Map.of("api-key-env", "K"), Map.of("K", secret)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("$K")
                .hasMessageNotContaining("INJECT");
    }

    @Test
    void the_request_body_is_vllms_chat_pooling_request() throws Exception {
        try (PoolingRewardModel m = create("pooling:http://h:1#RM")) {
            String body = m.body(
                    new ScoringRequest(
                            Task.TV2T, "Be \"brief\"", "Describe the clip", List.of(), Response.text("A dog runs.")),
                    0);
            assertThat(FakePoolingServer.JSON.readTree(body))
                    .isEqualTo(FakePoolingServer.JSON.readTree(
                            "{\"model\":\"RM\",\"messages\":[{\"role\":\"system\",\"content\":\"Be \\\"brief\\\"\"},"
                                    + "{\"role\":\"user\",\"content\":\"Describe the clip\"},"
                                    + "{\"role\":\"assistant\",\"content\":\"A dog runs.\"}]}"));
        }
    }

    @Test
    void unknown_image_formats_are_refused_when_images_are_sent() {
        assertThat(PoolingRewardModel.imageMimeType("", new byte[] {'G', 'I', 'F', '8', '9', 'a'}, "x"))
                .isEqualTo("image/gif");
        assertThat(PoolingRewardModel.imageMimeType("JPG", new byte[0], "x")).isEqualTo("image/jpeg");
        assertThatThrownBy(() -> PoolingRewardModel.imageMimeType("tiff", new byte[] {1, 2, 3}, "scan.tiff"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scan.tiff");
    }
}
