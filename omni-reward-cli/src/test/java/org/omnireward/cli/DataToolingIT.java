package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;

/**
 * The whole data flow through the real command line: {@code data convert} (HH-RLHF .jsonl.gz),
 * {@code data synthesize} with an {@code openai:} teacher and two {@code openai:} verifiers against a
 * local chat-completions server, {@code data mix}, {@code data stats}, {@code data export} to
 * LLaMA-Factory, and {@code bench run --data} on a unified file.
 */
class DataToolingIT {

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService pool;
    private final AtomicInteger teacherCalls = new AtomicInteger();
    private final AtomicInteger judgeCalls = new AtomicInteger();

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
                    teacherCalls.incrementAndGet();
                    String favoured = ScriptedSynthesisChat.response(user, ScriptedSynthesisChat.favouredLetter(user));
                    answer = favoured.contains("decline")
                            ? "[[DECLINE]] nothing honest [[END]]"
                            : ScriptedSynthesisChat.criterionQuoting(favoured);
                } else {
                    judgeCalls.incrementAndGet();
                    answer = ScriptedSynthesisChat.verdict(system, user);
                }
                byte[] out = ScriptedSynthesisChat.completion(answer);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private String base() {
        return "base-url=http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Test
    void convert_synthesize_mix_stats_export_and_bench_from_the_command_line() throws Exception {
        Path gz = tmp.resolve("hh/train.jsonl.gz");
        Files.createDirectories(gz.getParent());
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 30; i++) {
                String c = i % 10 == 9 ? "please decline " + i : "helpful answer " + i;
                o.write((Json.write(java.util.Map.of(
                                        "chosen",
                                        "\n\nHuman: question " + i + "?\n\nAssistant: " + c,
                                        "rejected",
                                        "\n\nHuman: question " + i + "?\n\nAssistant: unhelpful answer " + i))
                                + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            o.write("{\"chosen\": 3}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path hh = tmp.resolve("data/hh.jsonl");
        CliRun convert =
                CliRun.run("data", "convert", "--from", "hh-rlhf", "--in", gz.toString(), "--out", hh.toString());
        assertThat(convert.exit()).as(convert.err()).isZero();
        assertThat(convert.out())
                .contains("30 records")
                .contains("skipped 1 records")
                .contains("line 31");

        Path crit = tmp.resolve("data/hh-criteria.jsonl");
        CliRun syn = CliRun.run(
                "data",
                "synthesize",
                "--in",
                hh.toString(),
                "--out",
                crit.toString(),
                "--teacher",
                "openai:teacher-model",
                "--teacher-option",
                base(),
                "--teacher-option",
                "cache=false",
                "--teacher-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS",
                "--verifier",
                "openai:verifier-a",
                "--verifier",
                "openai:verifier-b",
                "--verifier-option",
                base(),
                "--verifier-option",
                "cache=false",
                "--verifier-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS",
                "--agree",
                "all",
                "--concurrency",
                "8",
                "--price",
                "openai:teacher-model=2.5:10");
        assertThat(syn.exit()).as(syn.err()).isZero();
        assertThat(teacherCalls.get()).isEqualTo(30);
        List<String> kept = Files.readAllLines(crit);
        List<String> audit = Files.readAllLines(tmp.resolve("data/hh-criteria.jsonl.audit.jsonl"));
        assertThat(audit).hasSize(30);
        // the three "please decline" answers are declined when favoured; every criterion is confirmed by both
        long declined =
                audit.stream().filter(l -> l.contains("\"teacher_declined\"")).count();
        assertThat(kept.size() + declined).isEqualTo(30);
        assertThat(syn.out())
                .contains("kept: " + kept.size())
                .contains("tokens openai:teacher-model: 30 calls")
                .contains("cost: ");
        assertThat(judgeCalls.get()).isEqualTo(2 * kept.size());
        // running again does nothing new
        CliRun again = CliRun.run(
                "data",
                "synthesize",
                "--in",
                hh.toString(),
                "--out",
                crit.toString(),
                "--teacher",
                "openai:teacher-model",
                "--teacher-option",
                base(),
                "--teacher-option",
                "cache=false",
                "--teacher-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS",
                "--verifier",
                "openai:verifier-a",
                "--verifier",
                "openai:verifier-b",
                "--verifier-option",
                base(),
                "--verifier-option",
                "cache=false",
                "--verifier-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(teacherCalls.get()).isEqualTo(30);
        assertThat(again.out()).contains("(30 from an earlier run)");

        Path recipe = tmp.resolve("data/recipe.yaml");
        Files.writeString(
                recipe,
                "seed: 1\nvalid_fraction: 0.2\nsources:\n  - {name: hh, path: hh.jsonl}\n"
                        + "  - {name: criteria, path: hh-criteria.jsonl, weight: 1}\n");
        Path mix = tmp.resolve("mix");
        CliRun mixed = CliRun.run("data", "mix", "--recipe", recipe.toString(), "--out", mix.toString());
        assertThat(mixed.exit()).as(mixed.err()).isZero();
        JsonNode manifest = Json.readTree(mix.resolve("manifest.json"));
        assertThat(manifest.get("train_records").asLong()
                        + manifest.get("valid_records").asLong())
                .isEqualTo(30 + kept.size());

        CliRun stats = CliRun.run("data", "stats", mix.toString());
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("source `synthetic:criterion`").contains("source `hh-rlhf`");
        assertThat(mix.resolve("stats.html")).exists();

        Path lf = tmp.resolve("lf");
        CliRun export =
                CliRun.run("data", "export", "--to", "llamafactory", "--in", mix.toString(), "--out", lf.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        JsonNode info = Json.readTree(lf.resolve("dataset_info.json"));
        assertThat(info.fieldNames()).toIterable().containsExactly("omni_reward_t2t_train", "omni_reward_t2t_valid");
        JsonNode entry = info.get("omni_reward_t2t_train");
        assertThat(entry.get("ranking").asBoolean()).isTrue();
        assertThat(entry.get("formatting").asText()).isEqualTo("sharegpt");
        JsonNode records = Json.readTree(lf.resolve(entry.get("file_name").asText()));
        assertThat(records.size()).isEqualTo(manifest.get("train_records").asInt());
        List<String> systems = new ArrayList<>();
        records.forEach(r -> systems.add(r.get("system").asText()));
        assertThat(systems).anyMatch(s -> s.startsWith("Prefer the answer that says"));
        assertThat(export.out())
                .contains("exported "
                        + (manifest.get("train_records").asLong()
                                + manifest.get("valid_records").asLong()) + " of ")
                .contains("dataset: omni_reward_t2t_train");

        // an export that would write nothing fails, names why, and leaves nothing behind
        Path empty = tmp.resolve("lf-empty");
        CliRun none = CliRun.run(
                "data", "export", "--to", "llamafactory", "--in", recipe.toString(), "--out", empty.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("nothing to export").contains("unified JSONL");
        assertThat(empty).doesNotExist();
        CliRun flavorElsewhere = CliRun.run(
                "data",
                "export",
                "--to",
                "trl",
                "--flavor",
                "upstream",
                "--in",
                mix.toString(),
                "--out",
                tmp.resolve("trl").toString());
        assertThat(flavorElsewhere.exit()).isEqualTo(2);
        assertThat(flavorElsewhere.err()).contains("--flavor applies to --to llamafactory only");

        CliRun bench = CliRun.run(
                "bench",
                "run",
                "--data",
                crit.toString(),
                "--model",
                "length",
                "--out",
                tmp.resolve("run").toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("unified format").contains("overall accuracy");
    }
}
