package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;

/**
 * {@code data synthesize} killed with SIGKILL part-way (a real child JVM, {@link Process#destroyForcibly()})
 * and run again ends with the same kept records and audit decisions as a run that was never
 * interrupted: every pair once in the audit, no record twice, none lost.
 */
class SynthesizeKillRecoveryIT {

    private static final int PAIRS = 40;

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                JsonNode req = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
                String system = req.path("messages").get(0).path("content").asText();
                String user = req.path("messages").get(1).path("content").asText();
                String answer;
                if (ScriptedSynthesisChat.isTeacher(system)) {
                    // the teacher quotes the side it is asked to favour, except for every fifth pair,
                    // where it quotes the other side (so its criterion is not confirmed and the pair dropped)
                    String n = ScriptedSynthesisChat.favouredLetter(user);
                    boolean wrong = user.matches("(?s).*Question \\d*[05]\\?.*");
                    String side = wrong ? (n.equals("A") ? "B" : "A") : n;
                    answer = ScriptedSynthesisChat.criterionQuoting(ScriptedSynthesisChat.response(user, side));
                } else {
                    answer = ScriptedSynthesisChat.verdict(system, user);
                }
                Thread.sleep(40);
                byte[] out = ScriptedSynthesisChat.completion(answer);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private Path input() throws Exception {
        Path in = tmp.resolve("pairs.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            lines.add(Json.write(Map.of(
                    "id",
                    "p" + i,
                    "task",
                    "t2t",
                    "criteria",
                    "Be helpful.",
                    "prompt",
                    "Question " + i + "?",
                    "chosen",
                    "helpful answer " + i,
                    "rejected",
                    "unhelpful answer " + i)));
        }
        Files.write(in, lines, StandardCharsets.UTF_8);
        return in;
    }

    private List<String> command(Path in, Path out) {
        String base = "base-url=http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OmniRewardCli.class.getName(),
                "data",
                "synthesize",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--teacher",
                "openai:teacher",
                "--teacher-option",
                base,
                "--teacher-option",
                "cache=false",
                "--teacher-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS",
                "--verifier",
                "openai:verifier",
                "--verifier-option",
                base,
                "--verifier-option",
                "cache=false",
                "--verifier-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS",
                "--agree",
                "all",
                "--concurrency",
                "2");
    }

    private static Process start(List<String> command, Path log) throws Exception {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file)
                ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count()
                : 0;
    }

    /** Audit decisions by pair id (status and reason) and the kept records, as sorted text. */
    private static Map<String, String> decisions(Path audit) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String l : Files.readAllLines(audit)) {
            JsonNode a = Json.mapper().readTree(l);
            String previous = out.put(
                    a.get("id").asText(),
                    a.path("status").asText() + "/" + a.path("reason").asText(""));
            assertThat(previous)
                    .as("pair %s audited twice", a.get("id").asText())
                    .isNull();
        }
        return out;
    }

    @Test
    void a_run_killed_with_sigkill_and_run_again_ends_as_an_uninterrupted_run() throws Exception {
        Path in = input();
        Path reference = tmp.resolve("reference/out.jsonl");
        Files.createDirectories(reference.getParent());
        Process whole = start(command(in, reference), tmp.resolve("reference.log"));
        assertThat(whole.waitFor(120, TimeUnit.SECONDS))
                .as("reference run finished")
                .isTrue();
        assertThat(whole.exitValue())
                .as(Files.readString(tmp.resolve("reference.log")))
                .isZero();

        Path out = tmp.resolve("killed/out.jsonl");
        Files.createDirectories(out.getParent());
        Path audit = Path.of(out + ".audit.jsonl");
        Process victim = start(command(in, out), tmp.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (lines(audit) < 8 && victim.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(victim.isAlive())
                .as("the run was still going when killed: " + Files.readString(tmp.resolve("killed.log")))
                .isTrue();
        victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long auditedBeforeKill = lines(audit);
        assertThat(auditedBeforeKill).isBetween(8L, (long) PAIRS - 1);

        Process again = start(command(in, out), tmp.resolve("again.log"));
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("again.log"));
        assertThat(again.exitValue()).as(log).isZero();
        assertThat(log).contains("from an earlier run");

        assertThat(decisions(audit)).hasSize(PAIRS).isEqualTo(decisions(Path.of(reference + ".audit.jsonl")));
        List<String> kept = new ArrayList<>(Files.readAllLines(out));
        List<String> keptReference = new ArrayList<>(Files.readAllLines(reference));
        kept.sort(null);
        keptReference.sort(null);
        assertThat(kept).hasSize(PAIRS - PAIRS / 5).doesNotHaveDuplicates().isEqualTo(keptReference);
    }
}
