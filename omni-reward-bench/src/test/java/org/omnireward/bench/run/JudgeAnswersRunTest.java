package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RefusedException;
import org.omnireward.core.Task;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.Json;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;
import org.omnireward.testing.TestSamples;

/**
 * What the runner records for the answers real judges give: finish reasons on every line, truncated
 * and refused answers as their own kinds (not retried unless asked), replica counts, and run.json
 * without credentials.
 */
class JudgeAnswersRunTest {

    @TempDir
    Path tmp;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final RetryPolicy noSleep =
            RetryPolicy.defaults().withSleeper(waits::add).withJitter(() -> 0.5);

    /** A judge whose answer per sample id is scripted: "ok", "cut" (truncated once, or always), "no" (refused). */
    private static final class ReasoningJudge implements PairwiseRewardModel, ReportsReplicas {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final boolean cutOnlyOnce;

        ReasoningJudge(boolean cutOnlyOnce) {
            this.cutOnlyOnce = cutOnlyOnce;
        }

        @Override
        public String name() {
            return "reasoning";
        }

        @Override
        public Set<Task> supportedTasks() {
            return EnumSet.of(Task.T2T);
        }

        @Override
        public Verdict judge(PairwiseRequest request) {
            String kind = request.prompt().substring(0, 2);
            int n = calls.computeIfAbsent(request.prompt(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (kind.equals("cu") && (!cutOnlyOnce || n == 1)) {
                throw new TruncatedOutputException("cut off", "<think>A or [[B]]", "length");
            }
            if (kind.equals("no")) {
                throw new RefusedException("refused", "I can't compare these.", "stop");
            }
            return new Verdict(Preference.RESPONSE1, "A.", "<think>x</think>[[A]]", new Usage(10, 5), null, "stop");
        }

        @Override
        public List<ReplicaStats> replicaStats() {
            int total = calls.values().stream().mapToInt(AtomicInteger::get).sum();
            return List.of(
                    new ReplicaStats("http://a:8000/v1", total / 2, 0, 0, true),
                    new ReplicaStats("http://b:8000/v1", total - total / 2, total / 4, total / 4, true));
        }
    }

    private List<PreferenceSample> samples() {
        List<PreferenceSample> out = new ArrayList<>();
        int i = 0;
        for (String kind : List.of("ok", "ok", "cut", "no")) {
            PreferenceSample s = TestSamples.many(Task.T2T, kind, 1).get(0);
            out.add(PreferenceSample.builder()
                    .id(kind + i)
                    .task(Task.T2T)
                    .prompt(kind + " prompt " + i++)
                    .criteria(s.criteria())
                    .response1(s.response1())
                    .response2(s.response2())
                    .label(Preference.RESPONSE1)
                    .build());
        }
        return out;
    }

    private Map<String, PredictionRecord> run(PairwiseRewardModel judge, RetryPolicy policy, ModelSpec spec, Path out) {
        BenchmarkRunner.builder()
                .setSource(InMemoryBenchmarkSource.of(Path.of("/data/bench"), samples()))
                .setModel(judge)
                .setOutDir(out)
                .optRetryPolicy(policy)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .optModelSpec(spec)
                .build()
                .run();
        Map<String, PredictionRecord> byId = new java.util.HashMap<>();
        PredictionsFile.read(out.resolve(PredictionsFile.NAME)).forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    @Test
    void finish_reasons_are_on_every_judged_line_and_truncations_and_refusals_are_recorded_as_such() {
        ReasoningJudge judge = new ReasoningJudge(false);
        Map<String, PredictionRecord> lines = run(judge, noSleep, ModelSpec.parse("openai:r1"), tmp.resolve("run"));
        assertThat(lines.get("ok0").finishReason()).isEqualTo("stop");
        assertThat(lines.get("ok0").failed()).isFalse();
        PredictionRecord cut = lines.get("cut2");
        assertThat(cut.failed()).isTrue();
        assertThat(cut.errorKind()).isEqualTo("truncated");
        assertThat(cut.finishReason()).isEqualTo("length");
        assertThat(cut.rawOutput()).isEqualTo("<think>A or [[B]]");
        assertThat(cut.attempts()).as("not retried by default").isEqualTo(1);
        PredictionRecord no = lines.get("no3");
        assertThat(no.errorKind()).isEqualTo("refused");
        assertThat(no.rawOutput()).isEqualTo("I can't compare these.");
        assertThat(no.attempts()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void retry_truncated_retries_a_cut_off_answer_and_is_recorded_in_run_json() throws Exception {
        ReasoningJudge judge = new ReasoningJudge(true);
        Path out = tmp.resolve("retry");
        Map<String, PredictionRecord> lines =
                run(judge, noSleep.withRetryTruncated(true), ModelSpec.parse("openai:r1"), out);
        PredictionRecord cut = lines.get("cut2");
        assertThat(cut.failed()).isFalse();
        assertThat(cut.attempts()).isEqualTo(2);
        assertThat(lines.get("no3").attempts()).as("refusals are never retried").isEqualTo(1);
        assertThat(Json.readTree(out.resolve("run.json")).get("retry_truncated").asBoolean())
                .isTrue();
        assertThat(Json.readTree(tmp.resolve("retry/run.json")).has("retry_truncated"))
                .isTrue();
    }

    @Test
    void a_model_served_by_replicas_gets_its_requests_per_replica_in_the_result_and_replicas_json() throws Exception {
        ReasoningJudge judge = new ReasoningJudge(false);
        Path out = tmp.resolve("replicas");
        RunResult r = BenchmarkRunner.builder()
                .setSource(InMemoryBenchmarkSource.of(Path.of("/data/bench"), samples()))
                .setModel(judge)
                .setOutDir(out)
                .optRetryPolicy(noSleep)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        assertThat(r.replicas()).hasSize(2);
        assertThat(r.replicas().get(0).requests() + r.replicas().get(1).requests())
                .isEqualTo(4);
        JsonNode file = Json.readTree(out.resolve(RunFolder.REPLICAS));
        assertThat(file.get("replicas")).hasSize(2);
        assertThat(file.get("replicas").get(1).get("endpoint").asText()).isEqualTo("http://b:8000/v1");
        assertThat(file.get("replicas").get(1).get("ejections").asInt()).isEqualTo(1);
        RunResult again = BenchmarkRunner.builder()
                .setSource(InMemoryBenchmarkSource.of(Path.of("/data/bench"), samples()))
                .setModel(judge)
                .setOutDir(tmp.resolve("second"))
                .optRetryPolicy(noSleep)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        assertThat(again.replicas().get(0).requests() + again.replicas().get(1).requests())
                .as("only this run's requests")
                .isEqualTo(4);
        assertThat(again.replicas().get(1).ejections()).isEqualTo(1);
    }

    @Test
    void run_json_never_holds_credentials_of_a_url_in_the_spec_or_the_options() throws Exception {
        ModelSpec spec = ModelSpec.parse(
                "pooling:http://bob:hunter22@gpu:8000#m",
                Map.of(
                        "base-url", "http://alice:pa55word@gpu:8000/v1?api-key=qk-777777,http://gpu2:8000/v1",
                        "api-key-env", "MY_KEY"));
        run(new ReasoningJudge(false), noSleep, spec, tmp.resolve("masked"));
        String text = Files.readString(tmp.resolve("masked/run.json"));
        assertThat(text)
                .doesNotContain("hunter22")
                .doesNotContain("pa55word")
                .doesNotContain("qk-777777")
                .doesNotContain("bob")
                .doesNotContain("alice");
        JsonNode json = Json.readTree(tmp.resolve("masked/run.json"));
        assertThat(json.get("model").asText()).isEqualTo("pooling:http://***@gpu:8000#m");
        assertThat(json.get("model_options").get("base-url").asText())
                .isEqualTo("http://***@gpu:8000/v1?api-key=***,http://gpu2:8000/v1");
        // a rerun with the same spec resumes: the masked manifest matches
        run(new ReasoningJudge(false), noSleep, spec, tmp.resolve("masked"));
    }
}
