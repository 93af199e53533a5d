package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;

/**
 * Inputs built to cost the server: work superlinear in the input, limits that contradict each other,
 * huge values an error message would repeat.
 */
class InputLimitsIT {

    private ServerHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private ServerHarness serve(ServerSettings.Builder settings) throws Exception {
        h = ServerHarness.ready(settings, new FakeModels.Scalar());
        return h;
    }

    @Test
    void get_reward_splits_adversarial_queries_in_linear_time_within_the_deadline() throws Exception {
        serve(ServerSettings.builder().requestTimeout(Duration.ofSeconds(2)).maxTextChars(200_000));
        // naive substring search costs |query| x |prompt| here: 10 x 2e10 character comparisons
        String body = Json.write(Map.of(
                "query",
                Collections.nCopies(10, "a".repeat(200_000)),
                "prompts",
                Collections.nCopies(10, "a".repeat(99_999) + "b")));
        long t0 = System.nanoTime();
        ServerHarness.Answer a = h.post("/get_reward", body, null);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(a.status()).as(a.body()).isIn(200, 503);
        assertThat(ms)
                .as("answered within the 2 s deadline (plus slack for a loaded machine)")
                .isLessThan(4_000);
        // a response ending in 49,999 end markers: stripped in one pass
        String markers = Json.write(Map.of("query", List.of("p" + "</s>".repeat(49_999)), "prompts", List.of("p")));
        t0 = System.nanoTime();
        ServerHarness.Answer m = h.post("/get_reward", markers, null);
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        assertThat(m.json().get("rewards").get(0).asDouble()).isEqualTo(0.0); // nothing left to score: length 0
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(4_000);
    }

    @Test
    void a_media_item_just_under_max_media_bytes_is_accepted_and_one_over_is_413_naming_the_option() throws Exception {
        serve(ServerSettings.builder().requestTimeout(Duration.ofMinutes(2)));
        byte[] image = new byte[(int) (14.5 * (1 << 20))];
        image[0] = (byte) 0x89; // the fake model scores media by their size; the bytes need not be a real PNG
        String b64 = Base64.getEncoder().encodeToString(image); // 20.3 million characters: over Jackson's default limit
        ServerHarness.Answer a = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                        + " {\"type\": \"image\", \"data\": \"" + b64 + "\"}}]}",
                null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("rewards").get(0).asDouble()).isEqualTo(image.length);
        String over = Base64.getEncoder().encodeToString(new byte[(16 << 20) + 3]);
        ServerHarness.Answer b = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                        + " {\"type\": \"image\", \"data\": \"" + over + "\"}}]}",
                null);
        assertThat(b.status()).isEqualTo(413);
        assertThat(b.errorCode()).isEqualTo("too_large");
        assertThat(b.json().at("/error/message").asText()).contains("items[0].response", "--max-media-bytes");
    }

    @Test
    void errors_repeat_at_most_100_characters_of_any_value() throws Exception {
        serve(ServerSettings.builder());
        String huge = "x".repeat(5_000_000);
        for (String body : List.of(
                "{\"items\": [{\"task\": \"" + huge + "\", \"prompt\": \"p\", \"response\": \"r\"}]}",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\": {\"type\": \"" + huge
                        + "\", \"data\": \"AA==\"}}]}",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\": {\"type\": \"AUDIO" + huge
                        + "\", \"data\": \"AA==\"}}]}",
                "{\"items\": [{\"" + "k".repeat(40_000) + "\": 1, \"prompt\": \"p\", \"response\": \"r\"}]}",
                "{\"items\": [{\"prompt\": \"p\", \"response\": " + huge + "}]}")) {
            ServerHarness.Answer a = h.post("/v1/score", body, null);
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body().length()).as(a.body()).isLessThan(1_200);
            assertThat(a.json().at("/error/message").asText()).doesNotContain("x".repeat(101), "k".repeat(101));
        }
        ServerHarness.Answer t = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"" + huge + "\", \"prompt\": \"p\"," + " \"response\": \"r\"}]}",
                null);
        assertThat(t.json().at("/error/message").asText())
                .contains("items[0].task: unknown task 'xxx", "(5000000 characters)");
    }

    @Test
    void every_string_field_has_a_limit_labels_too() throws Exception {
        serve(ServerSettings.builder().maxTextChars(1_000));
        String big = "y".repeat(1_001);
        for (String body : List.of(
                Json.write(Map.of("query", List.of("q"), "labels", List.of(big))),
                Json.write(Map.of("query", List.of(big))),
                Json.write(Map.of("query", List.of("q"), "prompts", List.of(big))),
                Json.write(Map.of("query", List.of("q"), "criteria", big)))) {
            ServerHarness.Answer a = h.post("/get_reward", body, null);
            assertThat(a.status()).as(body.substring(0, 40)).isEqualTo(413);
            assertThat(a.json().at("/error/message").asText()).contains("--max-text-chars");
        }
    }

    @Test
    void openrlhf_shapes_an_empty_shard_a_lone_query_and_3d_renders_are_answered_as_documented() throws Exception {
        serve(ServerSettings.builder());
        // OpenRLHF shards a batch over its reward servers: with more servers than queries a shard is empty
        ServerHarness.Answer empty = h.post("/get_reward", "{\"query\": [], \"prompts\": [], \"labels\": []}", null);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("{\"rewards\":[],\"scores\":[],\"extra_logs\":{}}");
        ServerHarness.Answer lone = h.post("/get_reward", "{\"query\": \"prompt 12\", \"prompts\": \"prompt\"}", null);
        assertThat(lone.status()).as(lone.body()).isEqualTo(200);
        assertThat(lone.json().get("rewards").get(0).asDouble()).isEqualTo(12.0);
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
        ServerHarness.Answer render = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t23d\", \"prompt\": \"a chair\","
                        + " \"response\": {\"type\": \"3d\", \"data\": \"" + png + "\"}}]}",
                null);
        assertThat(render.status()).as(render.body()).isEqualTo(200);
        ServerHarness.Answer wrong = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\"," + " \"response\": {\"type\": \"3d\", \"data\": \""
                        + png + "\"}}]}",
                null);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/message").asText()).contains("expects image, got 3d");
    }
}
