package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * A client that does what OpenRLHF's remote reward client does (POST {@code {"query", "prompts",
 * "labels"}} as JSON to {@code /get_reward}, retry on errors, read {@code scores} else {@code
 * rewards}), one query per request from many threads and batched, against the shipped {@code
 * embedded} model; its rewards must equal direct {@code scoreBatch} calls on the same model.
 */
class OpenRlhfClientIT {

    private static final String CRITERIA = "Prefer the response that answers the question correctly and concisely.";
    private static ScalarRewardModel direct;
    private static ScalarRewardModel served;
    private static ServerHarness harness;

    @BeforeAll
    static void start() throws Exception {
        direct = (ScalarRewardModel)
                RewardModels.create(ModelSpec.parse("embedded").withOption("cache", "false"));
        served = (ScalarRewardModel)
                RewardModels.create(ModelSpec.parse("embedded").withOption("cache", "false"));
        harness = ServerHarness.ready(
                ServerSettings.builder().defaultCriteria(CRITERIA).maxBatch(32).maxWait(Duration.ofMillis(5)), served);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    /** What a chat template makes of a user turn (Qwen style); the query is this plus the response. */
    private static String prompt(int i) {
        return "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nQuestion " + i
                + ": what is the capital of country number " + i + "?<|im_end|>\n<|im_start|>assistant\n";
    }

    private static String response(int i) {
        return switch (i % 4) {
            case 0 -> "The capital is City " + i + ".";
            case 1 -> "I am not sure, but it might be somewhere in the north, near the river " + i + ".";
            case 2 -> "City " + i + ". It has been the capital since the constitution was adopted.";
            default -> "No idea.";
        };
    }

    /** The OpenRLHF client: JSON POST, up to 5 tries, reads "scores" else "rewards". */
    private static List<Double> remoteRm(
            HttpClient http, List<String> queries, List<String> prompts, List<String> labels) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("query", queries);
        data.put("prompts", prompts);
        data.put("labels", labels);
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(harness.base + "/get_reward"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(180))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(data)))
                    .build();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 400) {
                    last = new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                    Thread.sleep(200);
                    continue;
                }
                JsonNode body = Json.mapper().readTree(r.body());
                JsonNode scores = body.has("scores") ? body.get("scores") : body.get("rewards");
                List<Double> out = new ArrayList<>();
                scores.forEach(n -> out.add(n.asDouble()));
                return out;
            } catch (java.io.IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static double directScore(int i) {
        return direct.scores(List.of(
                new ScoringRequest(Task.T2T, CRITERIA, prompt(i), List.of(), Response.text(response(i)))))[0];
    }

    @Test
    void one_query_per_request_from_16_threads_gets_the_rewards_of_direct_score_calls() throws Exception {
        int n = 48;
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Double>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                answers.add(pool.submit(() -> {
                    List<Double> r = remoteRm(
                            http,
                            List.of(prompt(k) + response(k) + "<|im_end|>"),
                            List.of(prompt(k)),
                            List.of("City " + k));
                    assertThat(r).hasSize(1);
                    return r.get(0);
                }));
            }
            for (int i = 0; i < n; i++) {
                // batch composition changes the ONNX encoder's padding: equal to float rounding, not bit for bit
                assertThat(answers.get(i).get()).as("query " + i).isCloseTo(directScore(i), within(1e-5));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(harness.get("/metrics").body()).contains("omni_reward_openrlhf_prompt_not_found_total 0.0");
    }

    @Test
    void a_batched_request_gets_one_reward_per_query_in_order_equal_to_direct_score_calls() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> queries = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 100; i < 120; i++) {
            queries.add(prompt(i) + response(i) + "<|im_end|>");
            prompts.add(prompt(i));
            labels.add("City " + i);
        }
        List<Double> rewards = remoteRm(http, queries, prompts, labels);
        assertThat(rewards).hasSize(20);
        List<ScoringRequest> requests = new ArrayList<>();
        for (int i = 100; i < 120; i++) {
            requests.add(new ScoringRequest(Task.T2T, CRITERIA, prompt(i), List.of(), Response.text(response(i))));
        }
        double[] expected = direct.scores(requests);
        for (int i = 0; i < expected.length; i++) {
            assertThat(rewards.get(i)).as("query " + i).isCloseTo(expected[i], within(1e-5));
        }
        // the rewards differ between responses: the test would notice scores from the wrong query
        assertThat(rewards.stream().distinct().count()).isGreaterThan(15);
    }
}
