package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;

/**
 * Issue 15's "done when", end to end through the real command line in a child process (its own
 * environment, stdout and stderr): {@code bench run --model openai:…} against three replicas of a
 * scripted chat server that answers like a reasoning model served without a reasoning parser
 * ({@code <think>} with bracketed letters inside, then the verdict), like vLLM with a reasoning
 * parser ({@code reasoning} / {@code reasoning_content}), like a refusing model ({@code refusal}), with
 * a reply cut off at the token limit ({@code finish_reason: length}, content null), and with replies
 * that echo the credentials; one replica dies mid-run. Every verdict is right, every refusal and
 * truncation is recorded as such, no line fails otherwise, the requests per replica are reported, and
 * no secret appears in any file of the run folder, the cache, stdout or stderr.
 */
class ReasoningJudgeRunIT {

    private static final String API_KEY = "sk-live-0123456789SECRETKEY";
    private static final String QUERY_KEY = "qk-QUERYSECRET99";
    private static final String PASSWORD = "pw-SECRET-777";

    @TempDir
    Path tmp;

    private final List<Replica> replicas = new ArrayList<>();

    /** One scripted replica: answers by the sample id in the prompt; can die after some requests. */
    private static final class Replica {
        final HttpServer server;
        final ExecutorService pool = Executors.newCachedThreadPool();
        final AtomicInteger served = new AtomicInteger();
        volatile int dieAfter = Integer.MAX_VALUE;
        volatile int status = 200;

        Replica() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(pool);
            server.createContext("/v1/chat/completions", ex -> {
                try (ex) {
                    int n = served.incrementAndGet();
                    if (n == dieAfter) {
                        new Thread(() -> server.stop(0)).start(); // the replica dies with requests in flight
                    }
                    JsonNode req = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    String query = ex.getRequestURI().getRawQuery();
                    String body = status == 200
                            ? answer(req, auth, query)
                            : "{\"error\":{\"message\":\"bad credentials " + auth + " " + query + " " + PASSWORD
                                    + "\",\"type\":\"invalid_request_error\"}}";
                    Thread.sleep(15);
                    byte[] out = body.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(status, out.length);
                    ex.getResponseBody().write(out);
                } catch (Exception e) {
                    // the replica was stopped under the request: the client sees a broken connection
                }
            });
            server.start();
        }

        String url(String query) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1" + (query == null ? "" : "?" + query);
        }

        void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** The answer to one request, shaped as the sample id in its prompt says. */
    private static String answer(JsonNode req, String auth, String query) {
        String user = req.path("messages").get(1).path("content").asText();
        int b = user.indexOf("[[RESPONSE B]]");
        int good = user.indexOf("the correct answer");
        String x = good >= 0 && good < b ? "A" : "B";
        String id = user.substring(user.indexOf("Question ") + 9).split("\\s")[0];
        Map<String, String> message = new HashMap<>();
        String finish = "stop";
        if (id.startsWith("think")) {
            message.put(
                    "content",
                    "<think>\nIf A were right I would answer [[A]]; if B, [[B]]. \\boxed{A}? Checking the "
                            + "criterion again... the correct one is " + x + ".\n</think>\n\nResponse " + x
                            + " meets the criterion.\n[["
                            + x + "]]");
        } else if (id.startsWith("field")) {
            message.put("content", "\n\n[[" + x + "]]");
            message.put(id.endsWith("0") ? "reasoning" : "reasoning_content", "Is it [[A]] or [[B]]? It is " + x + ".");
        } else if (id.startsWith("refuse")) {
            message.put("content", null);
            message.put("refusal", "I'm sorry, but I can't help with comparing these responses.");
        } else if (id.startsWith("cut")) {
            message.put("content", null);
            message.put("reasoning", "Comparing [[A]] with [[B]] under the criterion: A is");
            finish = "length";
        } else {
            message.put(
                    "content",
                    "Authorised with " + auth + " and " + query + ". Response " + x + " is better.\n[[" + x + "]]");
        }
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 1)
                .put("model", "r1");
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", finish).putNull("logprobs");
        ObjectNode m = choice.putObject("message").put("role", "assistant");
        message.forEach((k, v) -> {
            if (v == null) {
                m.putNull(k);
            } else {
                m.put(k, v);
            }
        });
        n.putObject("usage")
                .put("prompt_tokens", 100)
                .put("completion_tokens", 40)
                .put("total_tokens", 140);
        return Json.write(n);
    }

    @AfterEach
    void stop() {
        replicas.forEach(Replica::close);
    }

    private Path benchmark() throws Exception {
        Path dir = tmp.resolve("bench");
        Files.createDirectories(dir);
        List<Map<String, Object>> t2t = new ArrayList<>();
        int i = 0;
        for (String kind : List.of("think", "field", "refuse", "cut", "echo")) {
            int n = kind.equals("think") ? 24 : kind.equals("field") || kind.equals("echo") ? 2 : 1;
            for (int k = 0; k < n; k++, i++) {
                boolean firstGood = i % 2 == 0;
                Map<String, Object> r = new HashMap<>();
                r.put("id", kind + "-" + k);
                r.put("prompt", "Question " + kind + "-" + k + " asks something.");
                r.put("criteria", "Prefer the correct answer.");
                r.put("criteria_preference", firstGood ? "response1" : "response2");
                r.put("response1", firstGood ? "the correct answer" : "a wrong answer");
                r.put("response2", firstGood ? "a wrong answer" : "the correct answer");
                r.put("model1", "m1");
                r.put("model2", "m2");
                t2t.add(r);
            }
        }
        Files.writeString(dir.resolve("text_to_text_preferences.json"), Json.write(t2t));
        return dir;
    }

    private record Result(int exit, String out, String err) {}

    private Result cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OmniRewardCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("OPENAI_BASE_URL");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the run finished").isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(tmp.resolve("stdout.txt")),
                Files.readString(tmp.resolve("stderr.txt")));
    }

    /** Every file under {@code dir} whose text contains one of {@code secrets}, with the secret. */
    private static List<String> filesWithSecrets(Path dir, String... secrets) throws Exception {
        List<String> found = new ArrayList<>();
        if (!Files.exists(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    if (text.contains(s)) {
                        found.add(f + " holds " + s);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void a_reasoning_refusing_and_truncating_judge_on_three_replicas_one_dying() throws Exception {
        for (int i = 0; i < 3; i++) {
            replicas.add(new Replica());
        }
        replicas.get(1).dieAfter = 8;
        Path out = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        String baseUrl = String.join(
                ",", replicas.stream().map(r -> r.url("api-key=" + QUERY_KEY)).toList());
        Result r = cli(
                Map.of("OPENAI_API_KEY", API_KEY, "OMNI_REWARD_CACHE_DIR", cache.toString()),
                "bench",
                "run",
                "--data",
                benchmark().toString(),
                "--out",
                out.toString(),
                "--model",
                "openai:omni-r1",
                "--model-option",
                "base-url=" + baseUrl,
                "--model-option",
                "max-tokens=512",
                "--max-attempts",
                "3",
                "--concurrency",
                "6");
        assertThat(r.exit()).as(r.out() + r.err()).isIn(0, 1);

        // every verdict right; refusals and truncations recorded as such, with their finish reasons
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("predictions.jsonl"))) {
            lines.add(Json.mapper().readTree(l));
        }
        assertThat(lines).hasSize(2 * 30);
        for (JsonNode l : lines) {
            String id = l.get("id").asText();
            assertThat(l.get("finish_reason")).as("finish reason on %s", id).isNotNull();
            if (id.startsWith("refuse")) {
                assertThat(l.get("error_kind").asText()).isEqualTo("refused");
                assertThat(l.get("raw_output").asText()).contains("can't help with comparing");
                assertThat(l.get("attempts").asInt()).isEqualTo(1);
            } else if (id.startsWith("cut")) {
                assertThat(l.get("error_kind").asText()).isEqualTo("truncated");
                assertThat(l.get("finish_reason").asText()).isEqualTo("length");
                assertThat(l.get("raw_output").asText()).contains("Comparing [[A]] with [[B]]");
                assertThat(l.get("attempts").asInt()).isEqualTo(1);
            } else {
                assertThat(l.get("failed").asBoolean()).as("line %s: %s", id, l).isFalse();
                assertThat(l.get("prediction").asText())
                        .as("verdict of %s", id)
                        .isEqualTo(l.get("label").asText());
                assertThat(l.get("finish_reason").asText()).isEqualTo("stop");
            }
        }
        JsonNode calls = Json.readTree(out.resolve("summary.json")).at("/settings/no_ties/calls");
        assertThat(calls.get("truncated").asInt()).isEqualTo(1);
        assertThat(calls.get("refused").asInt()).isEqualTo(1);
        assertThat(calls.get("failed").asInt()).isEqualTo(2);
        assertThat(r.out()).contains("2 failed (0 unparseable, 1 truncated, 1 refused)");
        JsonNode accuracy = Json.readTree(out.resolve("summary.json")).at("/settings/no_ties/tasks/t2t/accuracy");
        assertThat(accuracy.asDouble()).isEqualTo(1.0);

        // the dead replica cost no line; the requests per replica are reported
        assertThat(r.out()).contains("replicas (requests this run");
        JsonNode reps = Json.readTree(out.resolve("replicas.json")).get("replicas");
        assertThat(reps).hasSize(3);
        assertThat(reps.get(1).get("ejections").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(reps.get(0).get("requests").asLong()
                        + reps.get(2).get("requests").asLong())
                .isGreaterThan(40);
        for (JsonNode rep : reps) {
            assertThat(r.out()).contains(rep.get("endpoint").asText());
        }

        // no secret in any file of the run folder, the cache, stdout or stderr
        assertThat(Files.list(cache.resolve("judge")).count())
                .as("replies were cached")
                .isPositive();
        String basic = "Bearer " + API_KEY;
        assertThat(filesWithSecrets(out, API_KEY, QUERY_KEY)).isEmpty();
        assertThat(filesWithSecrets(cache, API_KEY, QUERY_KEY)).isEmpty();
        assertThat(r.out() + r.err())
                .doesNotContain(API_KEY)
                .doesNotContain(QUERY_KEY)
                .doesNotContain(basic);
        String echoed = lines.stream()
                .filter(l -> l.get("id").asText().startsWith("echo"))
                .findFirst()
                .orElseThrow()
                .get("raw_output")
                .asText();
        assertThat(echoed)
                .as("the server echoed both secrets; the line has them masked")
                .contains("Authorised with Bearer *** and api-key=***");
    }

    @Test
    void a_401_with_a_password_in_the_base_url_stops_the_run_with_the_reason_quoted_and_no_secret_shown()
            throws Exception {
        Replica replica = new Replica();
        replicas.add(replica);
        replica.status = 401;
        Path out = tmp.resolve("denied");
        Path cache = tmp.resolve("cache2");
        String base = replica.url("token=" + QUERY_KEY).replace("http://", "http://alice:" + PASSWORD + "@");
        Result r = cli(
                Map.of("OMNI_REWARD_CACHE_DIR", cache.toString()),
                "bench",
                "run",
                "--data",
                benchmark().toString(),
                "--out",
                out.toString(),
                "--model",
                "openai:omni-r1",
                "--model-option",
                "base-url=" + base);
        assertThat(r.exit()).as(r.out() + r.err()).isNotZero();
        assertThat(r.err()).contains("HTTP 401").contains("bad credentials Basic *** token=*** ***");
        assertThat(r.out() + r.err())
                .doesNotContain(PASSWORD)
                .doesNotContain(QUERY_KEY)
                .doesNotContain("alice");
        assertThat(filesWithSecrets(out, PASSWORD, QUERY_KEY, "alice")).isEmpty();
        assertThat(filesWithSecrets(cache, PASSWORD, QUERY_KEY, "alice")).isEmpty();
        assertThat(Files.readString(out.resolve("run.json"))).contains("http://***@127.0.0.1:");
    }
}
