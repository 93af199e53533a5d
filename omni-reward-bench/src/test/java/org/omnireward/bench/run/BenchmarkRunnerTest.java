package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.testing.TestModels;
import org.omnireward.bench.testing.TestModels.CountingLength;
import org.omnireward.bench.testing.TestModels.ScriptedPairwise;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.Verdict;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.baseline.LengthBaselineModel;
import org.omnireward.runtime.baseline.RandomBaselineModel;
import org.omnireward.testing.TestSamples;

class BenchmarkRunnerTest {

    @TempDir
    Path tmp;

    /** Waits recorded instead of slept. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private final RetryPolicy noSleep =
            RetryPolicy.defaults().withSleeper(waits::add).withJitter(() -> 0.5);

    private BenchmarkRunner.Builder runner(BenchmarkSource source, RewardModel model, Path out) {
        return BenchmarkRunner.builder()
                .setSource(source)
                .setModel(model)
                .setOutDir(out)
                .optRetryPolicy(noSleep);
    }

    private static InMemoryBenchmarkSource source(List<PreferenceSample> samples) {
        return InMemoryBenchmarkSource.of(Path.of("/data/bench"), samples);
    }

    private static List<PredictionRecord> lines(Path out) {
        return PredictionsFile.read(out.resolve(PredictionsFile.NAME));
    }

    private static Map<String, PredictionRecord> byKey(List<PredictionRecord> records) {
        Map<String, PredictionRecord> m = new HashMap<>();
        for (PredictionRecord r : records) {
            assertThat(m.put(r.key(), r))
                    .as("duplicate line %s/%s", r.id(), r.setting())
                    .isNull();
        }
        return m;
    }

    /** A line without its timing, for comparing runs. */
    private static PredictionRecord untimed(PredictionRecord r) {
        return new PredictionRecord(
                r.id(),
                r.task(),
                r.setting(),
                r.index(),
                r.label(),
                r.prediction(),
                r.swapped(),
                r.scores(),
                r.failed(),
                r.invalid(),
                r.error(),
                r.attempts(),
                0,
                r.rationale());
    }

    private static Set<PredictionRecord> untimedSet(List<PredictionRecord> records) {
        return records.stream().map(BenchmarkRunnerTest::untimed).collect(Collectors.toSet());
    }

    @Test
    void writes_one_line_per_sample_and_setting_and_leaves_tie_samples_out_of_no_ties() {
        List<PreferenceSample> samples = TestSamples.many(Task.T2T, "s", 9); // 3 of each label
        Path out = tmp.resolve("run");
        RunResult result =
                runner(source(samples), TestModels.prefersLonger(), out).build().run();

        List<PredictionRecord> lines = lines(out);
        assertThat(lines).hasSize(9 + 6);
        assertThat(lines.stream().filter(r -> r.setting().equals("ties"))).hasSize(9);
        assertThat(lines.stream().filter(r -> r.setting().equals("no_ties")))
                .hasSize(6)
                .noneMatch(r -> "tie".equals(r.label()));
        byKey(lines);
        for (PredictionRecord r : lines) {
            PreferenceSample s = samples.stream()
                    .filter(x -> x.id().equals(r.id()))
                    .findFirst()
                    .orElseThrow();
            assertThat(r.task()).isEqualTo("t2t");
            assertThat(r.index()).isEqualTo(samples.indexOf(s));
            assertThat(r.label()).isEqualTo(s.label().orElseThrow().wireName());
            assertThat(r.failed()).isFalse();
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.rationale()).startsWith("A has ");
        }
        assertThat(result.written()).isEqualTo(15);
        assertThat(result.failed()).isZero();
        assertThat(result.tasks().get(Task.T2T).predicted()).isEqualTo(15);
    }

    @Test
    void a_judge_that_always_answers_A_gets_predictions_that_follow_the_swap_bit() {
        List<PreferenceSample> samples = TestSamples.many(Task.T2T, "s", 60);
        Path out = tmp.resolve("run");
        ScriptedPairwise model = TestModels.alwaysA();
        runner(source(samples), model, out).optSeed(5).build().run();

        List<PredictionRecord> lines = lines(out);
        long swappedCount = 0;
        for (PredictionRecord r : lines) {
            boolean expected = BenchmarkRunner.isSwapped(5, r.id(), r.settingValue());
            assertThat(r.swapped()).isEqualTo(expected);
            assertThat(r.prediction()).isEqualTo(expected ? "response2" : "response1");
            swappedCount += expected ? 1 : 0;
        }
        // the coin is fair: 100 lines, roughly half swapped
        assertThat(swappedCount).isBetween(30L, 70L);
        // the model was really shown the exchanged responses when swapped
        for (PredictionRecord r : lines) {
            PreferenceSample original = samples.stream()
                    .filter(x -> x.id().equals(r.id()))
                    .findFirst()
                    .orElseThrow();
            PreferenceSample shown = model.lastShown.get(r.id() + "/" + r.setting());
            assertThat(shown.response1()).isEqualTo(r.swapped() ? original.response2() : original.response1());
            assertThat(shown.response2()).isEqualTo(r.swapped() ? original.response1() : original.response2());
        }
    }

    @Test
    void a_content_based_judge_gets_the_same_predictions_whether_or_not_responses_were_swapped() {
        List<PreferenceSample> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean firstLonger = i % 2 == 0;
            samples.add(TestSamples.text(
                    "s" + i,
                    firstLonger ? Preference.RESPONSE1 : Preference.RESPONSE2,
                    firstLonger ? "long answer" : "short",
                    firstLonger ? "short" : "long answer"));
        }
        Path out = tmp.resolve("run");
        runner(source(samples), TestModels.prefersLonger(), out).build().run();
        List<PredictionRecord> lines = lines(out);
        assertThat(lines).hasSize(80);
        assertThat(lines).allMatch(r -> r.prediction().equals(r.label()));
        assertThat(lines).anyMatch(PredictionRecord::swapped).anyMatch(r -> !r.swapped());
    }

    @Test
    void swap_decisions_depend_only_on_seed_id_and_setting() {
        assertThat(BenchmarkRunner.isSwapped(0, "abc", Setting.TIES))
                .isEqualTo(BenchmarkRunner.isSwapped(0, "abc", Setting.TIES));
        int differentSeeds = 0;
        int differentSettings = 0;
        for (int i = 0; i < 1000; i++) {
            String id = "id" + i;
            if (BenchmarkRunner.isSwapped(0, id, Setting.TIES) != BenchmarkRunner.isSwapped(1, id, Setting.TIES)) {
                differentSeeds++;
            }
            if (BenchmarkRunner.isSwapped(0, id, Setting.TIES) != BenchmarkRunner.isSwapped(0, id, Setting.NO_TIES)) {
                differentSettings++;
            }
        }
        assertThat(differentSeeds).isBetween(420, 580);
        assertThat(differentSettings).isBetween(420, 580);
    }

    @Test
    void the_random_baseline_is_not_correlated_with_the_swap() {
        List<PreferenceSample> samples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            samples.add(TestSamples.text("s" + i, Preference.RESPONSE1, "a", "b"));
        }
        Path out = tmp.resolve("run");
        runner(source(samples), new RandomBaselineModel(0), out)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        long response1 = lines(out).stream()
                .filter(r -> r.prediction().equals("response1"))
                .count();
        assertThat(response1).isBetween(160L, 240L);
    }

    @Test
    void a_scalar_model_scores_each_sample_once_and_the_scores_serve_both_settings() {
        List<PreferenceSample> samples = new ArrayList<>(TestSamples.many(Task.T2T, "s", 10));
        samples.add(TestSamples.text("equal", Preference.TIE, "same", "four"));
        Path out = tmp.resolve("run");
        CountingLength model = new CountingLength(4); // 2 samples per batch call
        runner(source(samples), model, out).build().run();

        assertThat(model.requests()).isEqualTo(2 * samples.size());
        assertThat(model.batchSizes).allMatch(n -> n <= 4 && n % 2 == 0);
        Map<String, PredictionRecord> lines = byKey(lines(out));
        for (PreferenceSample s : samples) {
            double r1 = s.response1().requireText().length();
            double r2 = s.response2().requireText().length();
            String expected = r1 > r2 ? "response1" : r1 < r2 ? "response2" : "tie";
            for (Setting setting : Setting.values()) {
                PredictionRecord r = lines.get(PredictionRecord.key("t2t", s.id(), setting.wireName()));
                if (setting == Setting.NO_TIES && s.label().orElseThrow() == Preference.TIE) {
                    assertThat(r).isNull();
                    continue;
                }
                assertThat(r.scores()).containsExactly(r1, r2);
                assertThat(r.prediction()).isEqualTo(expected);
                assertThat(r.swapped()).isNull();
            }
        }
        assertThat(lines.get(PredictionRecord.key("t2t", "equal", "ties")).prediction())
                .isEqualTo("tie");
    }

    @Test
    void one_bad_sample_in_a_scalar_batch_fails_alone_and_the_batch_is_not_scored_again() {
        List<PreferenceSample> samples = TestSamples.many(Task.T2T, "s", 8);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ScalarRewardModel model = new org.omnireward.core.AbstractScalarRewardModel() {
            @Override
            public String name() {
                return "picky";
            }

            @Override
            protected void checkRequest(ScoringRequest r) {
                if (r.prompt().equals("prompt of s3")) {
                    throw new NonRetriableException("cannot score s3");
                }
            }

            @Override
            protected double[] doScoreBatch(List<ScoringRequest> requests) {
                calls.incrementAndGet();
                return requests.stream()
                        .mapToDouble(r -> r.response().requireText().length())
                        .toArray();
            }

            @Override
            public int preferredBatchSize() {
                return 16;
            }
        };
        Path out = tmp.resolve("run");
        runner(source(samples), model, out).build().run();
        List<PredictionRecord> lines = lines(out);
        assertThat(lines.stream().filter(PredictionRecord::failed))
                .isNotEmpty()
                .allMatch(r -> r.id().equals("s3") && r.error().equals("response1: cannot score s3"));
        assertThat(lines.stream()
                        .filter(r -> !r.failed())
                        .map(PredictionRecord::id)
                        .distinct())
                .containsExactlyInAnyOrder("s0", "s1", "s2", "s4", "s5", "s6", "s7");
        assertThat(calls.get()).as("one call for the one batch of 8 samples").isEqualTo(1);
    }

    @Test
    void unsupported_tasks_are_never_sent_and_are_reported() throws IOException {
        List<PreferenceSample> samples = new ArrayList<>(TestSamples.many(Task.T2T, "t", 4));
        samples.addAll(TestSamples.many(Task.T2I, "i", 4));
        samples.addAll(TestSamples.many(Task.T2V, "v", 4));
        ScriptedPairwise model =
                new ScriptedPairwise((s, ties) -> Verdict.of(Preference.RESPONSE1), EnumSet.of(Task.T2T, Task.T2V), 0);
        Path out = tmp.resolve("run");
        List<String> warnings = new ArrayList<>();
        RunResult result = runner(source(samples), model, out)
                .optProgress(new ProgressListener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                })
                .build()
                .run();

        assertThat(model.shown).extracting(PreferenceSample::task).doesNotContain(Task.T2I);
        assertThat(lines(out)).extracting(PredictionRecord::task).containsOnly("t2t", "t2v");
        assertThat(result.unsupported()).containsExactly(Task.T2I);
        assertThat(result.tasks()).containsOnlyKeys(Task.T2T, Task.T2V);
        RunManifest manifest = RunManifest.read(out).orElseThrow();
        assertThat(manifest.unsupported()).containsExactly("t2i");
        assertThat(manifest.tasks()).containsExactly("t2t", "t2v");
        assertThat(warnings).anyMatch(w -> w.contains("t2i") && w.contains("unsupported"));

        // the length baseline on image tasks only: nothing it can do is a clear error
        Path out2 = tmp.resolve("run2");
        BenchmarkRunner onlyImages = runner(source(TestSamples.many(Task.T2I, "i", 2)), new LengthBaselineModel(), out2)
                .build();
        assertThatThrownBy(onlyImages::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("supports none of the selected tasks (t2i)");
    }

    @Test
    void invalid_records_become_failed_lines_in_the_settings_their_label_allows_without_calling_the_model() {
        Path data = Path.of("/data/bench");
        InMemoryBenchmarkSource source = InMemoryBenchmarkSource.builder()
                .dataDir(data)
                .add(TestSamples.text("ok", Preference.RESPONSE1, "aa", "b"))
                .addInvalid("nolabel", Task.T2T, null, "field 'criteria_preference' is 'maybe'")
                .addInvalid("tielabel", Task.T2T, Preference.TIE, "field 'response1' is missing")
                .addInvalid("r2label", Task.T2T, Preference.RESPONSE2, "field 'criteria' is empty")
                .build();
        ScriptedPairwise model = TestModels.alwaysA();
        Path out = tmp.resolve("run");
        RunResult result = runner(source, model, out).build().run();

        assertThat(model.shown).extracting(PreferenceSample::id).containsOnly("ok");
        Map<String, PredictionRecord> lines = byKey(lines(out));
        assertThat(lines).hasSize(2 + 2 + 1 + 2);
        PredictionRecord noLabelTies = lines.get(PredictionRecord.key("t2t", "nolabel", "ties"));
        assertThat(noLabelTies.invalid()).isTrue();
        assertThat(noLabelTies.errorKind()).isEqualTo("invalid_record");
        assertThat(noLabelTies.failed()).isTrue();
        assertThat(noLabelTies.attempts()).isZero();
        assertThat(noLabelTies.label()).isNull();
        assertThat(noLabelTies.prediction()).isNull();
        assertThat(noLabelTies.swapped()).isNull();
        assertThat(noLabelTies.index()).isEqualTo(1);
        assertThat(noLabelTies.error())
                .isEqualTo("invalid: field 'criteria_preference' is 'maybe' (" + data.resolve("text_to_text.json")
                        + " record 2)");
        assertThat(lines).containsKey(PredictionRecord.key("t2t", "nolabel", "no_ties"));
        assertThat(lines)
                .containsKey(PredictionRecord.key("t2t", "tielabel", "ties"))
                .doesNotContainKey(PredictionRecord.key("t2t", "tielabel", "no_ties"));
        assertThat(lines.get(PredictionRecord.key("t2t", "r2label", "no_ties")).label())
                .isEqualTo("response2");
        RunResult.TaskCounts c = result.tasks().get(Task.T2T);
        assertThat(c.invalid()).isEqualTo(5);
        assertThat(c.failed()).isEqualTo(5);
        assertThat(c.predicted()).isEqualTo(2);
    }

    @Test
    void a_retriable_failure_is_retried_with_backoff_until_it_succeeds() {
        Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        ScriptedPairwise flaky = new ScriptedPairwise((s, ties) -> {
            if (failuresLeft
                            .computeIfAbsent(s.id() + ties, k -> new AtomicInteger(2))
                            .getAndDecrement()
                    > 0) {
                throw new RetriableException("HTTP 503 from judge");
            }
            return Verdict.of(Preference.RESPONSE1);
        });
        Path out = tmp.resolve("run");
        runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), flaky, out)
                .optSettings(EnumSet.of(Setting.TIES))
                .build()
                .run();

        PredictionRecord r = lines(out).get(0);
        assertThat(r.failed()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(flaky.calls()).isEqualTo(3);
        // jitter 0.5 of the ceilings 500 ms and 1000 ms
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void exhausted_retries_fail_the_line_with_the_reason_and_the_attempt_count() {
        ScriptedPairwise down = new ScriptedPairwise((s, ties) -> {
            throw new RetriableException("timeout after 60 s");
        });
        Path out = tmp.resolve("run");
        RunResult result = runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), down, out)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();

        PredictionRecord r = lines(out).get(0);
        assertThat(r.failed()).isTrue();
        assertThat(r.invalid()).isFalse();
        assertThat(r.prediction()).isNull();
        assertThat(r.attempts()).isEqualTo(5);
        assertThat(r.error()).isEqualTo("timeout after 60 s (after 5 attempts)");
        assertThat(down.calls()).isEqualTo(5);
        assertThat(waits).hasSize(4);
        assertThat(result.failed()).isEqualTo(1);
    }

    @Test
    void a_rate_limit_wait_asked_by_the_server_is_honoured() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedPairwise limited = new ScriptedPairwise((s, ties) -> {
            if (calls.getAndIncrement() == 0) {
                throw new RateLimitedException("429 Too Many Requests", Duration.ofSeconds(7));
            }
            return Verdict.of(Preference.RESPONSE2);
        });
        Path out = tmp.resolve("run");
        runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), limited, out)
                .optSettings(EnumSet.of(Setting.TIES))
                .build()
                .run();
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(lines(out).get(0).attempts()).isEqualTo(2);
    }

    @Test
    void a_non_retriable_failure_fails_the_line_at_once() {
        ScriptedPairwise refusing = new ScriptedPairwise((s, ties) -> {
            throw new NonRetriableException("image too large for the judge");
        });
        Path out = tmp.resolve("run");
        runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), refusing, out)
                .optSettings(EnumSet.of(Setting.TIES))
                .build()
                .run();
        PredictionRecord r = lines(out).get(0);
        assertThat(r.failed()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.error()).isEqualTo("image too large for the judge");
        assertThat(waits).isEmpty();
    }

    @Test
    void a_bug_in_the_model_fails_only_its_lines_and_the_run_goes_on() {
        List<PreferenceSample> samples = TestSamples.many(Task.T2T, "s", 12);
        ScriptedPairwise buggy = new ScriptedPairwise((s, ties) -> {
            if (s.id().equals("s4")) {
                String missing = null;
                return Verdict.of(Preference.parse(missing.trim()));
            }
            return Verdict.of(Preference.RESPONSE1);
        });
        Path out = tmp.resolve("run");
        RunResult result = runner(source(samples), buggy, out).build().run();
        List<PredictionRecord> lines = lines(out);
        assertThat(lines).hasSize(12 + 8);
        assertThat(lines.stream().filter(PredictionRecord::failed)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.id()).isEqualTo("s4");
            assertThat(r.error()).startsWith("NullPointerException");
            assertThat(r.errorKind()).isEqualTo("internal");
            assertThat(r.attempts()).isEqualTo(1);
        });
        assertThat(result.failed())
                .isEqualTo(lines.stream().filter(PredictionRecord::failed).count());
    }

    @Test
    void a_pairwise_model_answering_tie_where_ties_are_not_allowed_is_retried_then_failed() {
        ScriptedPairwise tieLover = new ScriptedPairwise((s, ties) -> Verdict.of(Preference.TIE));
        Path out = tmp.resolve("run");
        runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), tieLover, out)
                .optRetryPolicy(noSleep.withMaxAttempts(2))
                .build()
                .run();
        Map<String, PredictionRecord> lines = byKey(lines(out));
        PredictionRecord noTies = lines.get(PredictionRecord.key("t2t", "x", "no_ties"));
        assertThat(noTies.failed()).isTrue();
        assertThat(noTies.error()).contains("tie where ties are not allowed").endsWith("(after 2 attempts)");
        assertThat(lines.get(PredictionRecord.key("t2t", "x", "ties")).prediction())
                .isEqualTo("tie");
    }

    @Test
    void what_a_judge_reports_besides_its_answer_reaches_the_line() {
        ScriptedPairwise talkative = new ScriptedPairwise((s, ties) -> new Verdict(
                Preference.RESPONSE1,
                "A answers the question",
                "Analysis... A answers the question. [[A]]",
                new org.omnireward.core.Usage(120, 35),
                false));
        Path out = tmp.resolve("run");
        runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), talkative, out)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        PredictionRecord r = lines(out).get(0);
        assertThat(r.rationale()).isEqualTo("A answers the question");
        assertThat(r.rawOutput()).isEqualTo("Analysis... A answers the question. [[A]]");
        assertThat(r.inputTokens()).isEqualTo(120L);
        assertThat(r.outputTokens()).isEqualTo(35L);
        assertThat(r.swapConsistent()).as("the judge's position consistency").isFalse();
        assertThat(r.errorKind()).isNull();
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void a_line_that_failed_on_unparseable_output_keeps_every_raw_output() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedPairwise rambler = new ScriptedPairwise((s, ties) -> {
            throw new org.omnireward.core.UnparseableOutputException("no verdict", "rambling " + n.incrementAndGet());
        });
        Path out = tmp.resolve("run");
        runner(source(List.of(TestSamples.text("x", Preference.RESPONSE1, "a", "b"))), rambler, out)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .optRetryPolicy(noSleep.withMaxAttempts(3))
                .build()
                .run();
        PredictionRecord r = lines(out).get(0);
        assertThat(r.failed()).isTrue();
        assertThat(r.error()).isEqualTo("no verdict (after 3 attempts)");
        assertThat(r.errorKind()).isEqualTo("unparseable");
        assertThat(r.unparseable()).isTrue();
        assertThat(r.rawOutput())
                .isEqualTo("rambling 1" + SampleEvaluator.ATTEMPT_SEPARATOR + "rambling 2"
                        + SampleEvaluator.ATTEMPT_SEPARATOR + "rambling 3");
        assertThat(PredictionsFile.toLine(r)).contains("\"raw_output\":\"rambling 1");
    }

    @Test
    void a_plain_rerun_keeps_failed_lines_and_retry_failed_replaces_them_without_duplicates() {
        List<PreferenceSample> samples = TestSamples.many(Task.T2T, "s", 6);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        ScriptedPairwise flaky = new ScriptedPairwise((s, ties) -> {
            if (down.get() && s.id().equals("s4")) {
                throw new NonRetriableException("backend refused s4");
            }
            return Verdict.of(Preference.RESPONSE1);
        });
        Path out = tmp.resolve("run");
        runner(source(samples), flaky, out).build().run();
        assertThat(lines(out).stream().filter(PredictionRecord::failed))
                .isNotEmpty()
                .allMatch(r -> r.id().equals("s4"));

        down.set(false);
        RunResult plain = runner(source(samples), flaky, out).build().run();
        assertThat(plain.written()).isZero();
        assertThat(lines(out).stream().filter(PredictionRecord::failed)).isNotEmpty();

        List<String> warnings = new ArrayList<>();
        RunResult retried = runner(source(samples), flaky, out)
                .optRetryFailed(true)
                .optProgress(new ProgressListener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                })
                .build()
                .run();
        List<PredictionRecord> after = lines(out);
        assertThat(after.stream().filter(PredictionRecord::failed)).isEmpty();
        assertThat(byKey(after)).hasSize(lines(out).size()); // byKey asserts one line per key
        long s4Lines = after.stream().filter(r -> r.id().equals("s4")).count();
        assertThat(retried.written()).isEqualTo(s4Lines);
        assertThat(warnings).anyMatch(w -> w.contains("--retry-failed: " + s4Lines + " failed line(s) removed"));
    }

    @Test
    void retry_failed_writes_records_that_were_invalid_but_have_been_fixed() {
        Path out = tmp.resolve("run");
        InMemoryBenchmarkSource broken = InMemoryBenchmarkSource.builder()
                .dataDir(Path.of("/data/bench"))
                .add(TestSamples.text("ok", Preference.RESPONSE1, "long answer", "a"))
                .addInvalid("fixme", Task.T2T, Preference.RESPONSE2, "field 'criteria' is missing")
                .build();
        runner(broken, new LengthBaselineModel(), out).build().run();
        assertThat(lines(out).stream().filter(PredictionRecord::invalid)).hasSize(2);

        InMemoryBenchmarkSource fixed = InMemoryBenchmarkSource.builder()
                .dataDir(Path.of("/data/bench"))
                .add(TestSamples.text("ok", Preference.RESPONSE1, "long answer", "a"))
                .add(TestSamples.text("fixme", Preference.RESPONSE2, "a", "longer"))
                .build();
        runner(fixed, new LengthBaselineModel(), out)
                .optRetryFailed(true)
                .build()
                .run();
        Map<String, PredictionRecord> lines = byKey(lines(out));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(PredictionRecord.key("t2t", "fixme", "no_ties")).prediction())
                .isEqualTo("response2");
        assertThat(lines.values()).noneMatch(PredictionRecord::failed);
    }

    @Test
    void an_authentication_failure_stops_the_run_without_recording_failed_lines() {
        ScriptedPairwise noKey = new ScriptedPairwise((s, ties) -> {
            throw new AuthenticationException("HTTP 401 from https://api.example: check OPENAI_API_KEY");
        });
        Path out = tmp.resolve("run");
        BenchmarkRunner r =
                runner(source(TestSamples.many(Task.T2T, "s", 30)), noKey, out).build();
        assertThatThrownBy(r::run).isInstanceOf(AuthenticationException.class).hasMessageContaining("401");
        assertThat(lines(out)).isEmpty();
        assertThat(noKey.calls()).isLessThan(30);
    }

    @Test
    void calls_run_in_parallel_up_to_the_concurrency() {
        ScriptedPairwise slow =
                new ScriptedPairwise((s, ties) -> Verdict.of(Preference.RESPONSE1), EnumSet.allOf(Task.class), 50);
        Path out = tmp.resolve("run");
        runner(source(TestSamples.many(Task.T2T, "s", 32)), slow, out)
                .optConcurrency(8)
                .build()
                .run();
        assertThat(slow.calls()).isEqualTo(32 + 22);
        assertThat(slow.maxInFlight.get()).isBetween(6, 8);

        ScriptedPairwise serial =
                new ScriptedPairwise((s, ties) -> Verdict.of(Preference.RESPONSE1), EnumSet.allOf(Task.class), 5);
        runner(source(TestSamples.many(Task.T2T, "s", 10)), serial, tmp.resolve("serial"))
                .optConcurrency(1)
                .build()
                .run();
        assertThat(serial.maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void the_runner_reads_ahead_at_most_a_bounded_window_of_samples() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        InMemoryBenchmarkSource inner = source(TestSamples.many(Task.T2T, "s", 200));
        BenchmarkSource counting = new ForwardingSource(inner) {
            @Override
            public java.util.stream.Stream<org.omnireward.data.benchmark.LoadedEntry> entries(Task task) {
                return inner.entries(task).peek(e -> pulled.incrementAndGet());
            }
        };
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ScriptedPairwise blocked = new ScriptedPairwise((s, ties) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Verdict.of(Preference.RESPONSE1);
        });
        Path out = tmp.resolve("run");
        Thread t = new Thread(() -> runner(counting, blocked, out)
                .optConcurrency(2)
                .optCountFirst(false)
                .optSettings(EnumSet.of(Setting.TIES))
                .build()
                .run());
        t.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (blocked.inFlight.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        // 2 calls running + 2 queued in the window of 4, plus the one the producer holds
        assertThat(pulled.get()).isBetween(4, 5);
        release.countDown();
        t.join(10_000);
        assertThat(lines(out)).hasSize(200);
    }

    @Test
    void resuming_after_a_crash_drops_the_truncated_line_and_ends_with_the_same_lines_as_an_uninterrupted_run()
            throws IOException {
        List<PreferenceSample> samples = new ArrayList<>(TestSamples.many(Task.T2T, "t", 25));
        samples.addAll(TestSamples.many(Task.TI2T, "i", 15));
        Path full = tmp.resolve("full");
        runner(source(samples), TestModels.prefersLonger(), full)
                .optSeed(3)
                .build()
                .run();
        List<PredictionRecord> expected = lines(full);

        // a crashed run: run.json, the first 17 lines and half of the 18th
        Path crashed = tmp.resolve("crashed");
        Files.createDirectories(crashed);
        Files.copy(full.resolve(RunManifest.NAME), crashed.resolve(RunManifest.NAME));
        List<String> raw = Files.readAllLines(full.resolve(PredictionsFile.NAME));
        String partial = raw.get(17).substring(0, raw.get(17).length() / 2);
        Files.writeString(
                crashed.resolve(PredictionsFile.NAME),
                String.join("\n", raw.subList(0, 17)) + "\n" + partial,
                StandardCharsets.UTF_8);

        ScriptedPairwise model = TestModels.prefersLonger();
        AtomicReference<long[]> started = new AtomicReference<>();
        RunResult result = runner(source(samples), model, crashed)
                .optSeed(3)
                .optProgress(new ProgressListener() {
                    @Override
                    public void started(long linesToWrite, long alreadyDone) {
                        started.set(new long[] {linesToWrite, alreadyDone});
                    }
                })
                .build()
                .run();

        List<PredictionRecord> resumed = lines(crashed);
        byKey(resumed); // no duplicates
        assertThat(untimedSet(resumed)).isEqualTo(untimedSet(expected));
        assertThat(result.alreadyDone()).isEqualTo(17);
        assertThat(result.written()).isEqualTo(expected.size() - 17);
        assertThat(model.calls()).isEqualTo(expected.size() - 17);
        assertThat(started.get()).containsExactly(expected.size() - 17, 17);

        // a rerun of a complete run writes nothing and asks nothing
        ScriptedPairwise idle = TestModels.prefersLonger();
        RunResult again =
                runner(source(samples), idle, crashed).optSeed(3).build().run();
        assertThat(again.written()).isZero();
        assertThat(idle.calls()).isZero();
        assertThat(lines(crashed)).hasSize(expected.size());
    }

    @Test
    void a_rerun_with_another_model_or_data_is_refused_saying_what_differs() {
        List<PreferenceSample> samples = TestSamples.many(Task.T2T, "s", 3);
        Path out = tmp.resolve("run");
        runner(source(samples), new RandomBaselineModel(0), out)
                .optModelSpec(ModelSpec.parse("random"))
                .build()
                .run();

        BenchmarkRunner otherModel = runner(source(samples), new LengthBaselineModel(), out)
                .optModelSpec(ModelSpec.parse("length"))
                .build();
        assertThatThrownBy(otherModel::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model is 'random' there, 'length' now")
                .hasMessageContaining("new --out")
                .hasMessageNotContaining("data is");

        BenchmarkRunner otherData = runner(
                        InMemoryBenchmarkSource.of(Path.of("/elsewhere"), samples), new RandomBaselineModel(0), out)
                .optModelSpec(ModelSpec.parse("random"))
                .build();
        assertThatThrownBy(otherData::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("data is /data/bench there, /elsewhere now")
                .hasMessageNotContaining("model is");

        BenchmarkRunner otherSeed = runner(source(samples), new RandomBaselineModel(0), out)
                .optModelSpec(ModelSpec.parse("random"))
                .optSeed(9)
                .build();
        assertThatThrownBy(otherSeed::run).hasMessageContaining("seed is 0 there, 9 now");
        assertThat(lines(out)).hasSize(3 + 2);
    }

    @Test
    void run_json_describes_the_run_and_masks_secret_options() {
        Path out = tmp.resolve("run");
        ModelSpec spec = ModelSpec.parse("random", Map.of("seed", "4", "api_key", "sk-secret"));
        runner(source(TestSamples.many(Task.T2T, "s", 5)), new RandomBaselineModel(4), out)
                .optModelSpec(spec)
                .optLimitPerTask(3)
                .optConcurrency(2)
                .optSeed(8)
                .optTieCalibration(org.omnireward.bench.metrics.TieCalibrationMode.REFERENCE)
                .optToolVersion("9.9")
                .optSettings(EnumSet.of(Setting.TIES))
                .build()
                .run();
        RunManifest m = RunManifest.read(out).orElseThrow();
        assertThat(m.model()).isEqualTo("random");
        assertThat(m.modelOptions()).containsEntry("seed", "4").containsEntry("api_key", "***");
        assertThat(m.modelKind()).isEqualTo("pairwise");
        assertThat(m.data()).isEqualTo(Path.of("/data/bench").toString());
        assertThat(m.format()).isEqualTo("json");
        assertThat(m.settings()).containsExactly("ties");
        assertThat(m.tasks()).containsExactly("t2t");
        assertThat(m.limit()).isEqualTo(3);
        assertThat(m.seed()).isEqualTo(8);
        assertThat(m.concurrency()).isEqualTo(2);
        assertThat(m.maxAttempts()).isEqualTo(5);
        assertThat(m.tieCalibration()).isEqualTo("reference");
        assertThat(m.toolVersion()).isEqualTo("9.9");
        assertThat(m.startedAt()).isNotBlank();
        assertThat(lines(out)).hasSize(3);
        assertThat(out.resolve(RunManifest.NAME)).content().doesNotContain("sk-secret");
        assertThat(m.prices()).isNull();
    }

    @Test
    void token_prices_reach_run_json_and_a_rerun_without_them_keeps_them() {
        Path out = tmp.resolve("run");
        var prices = new org.omnireward.bench.metrics.Prices(2.5, 10);
        runner(source(TestSamples.many(Task.T2T, "s", 3)), new RandomBaselineModel(4), out)
                .optPrices(prices)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        assertThat(RunManifest.read(out).orElseThrow().prices()).isEqualTo(prices);
        runner(source(TestSamples.many(Task.T2T, "s", 3)), new RandomBaselineModel(4), out)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        assertThat(RunManifest.read(out).orElseThrow().prices()).isEqualTo(prices);
        var changed = new org.omnireward.bench.metrics.Prices(1, 1);
        runner(source(TestSamples.many(Task.T2T, "s", 3)), new RandomBaselineModel(4), out)
                .optPrices(changed)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .build()
                .run();
        assertThat(RunManifest.read(out).orElseThrow().prices())
                .as("the latest prices win")
                .isEqualTo(changed);
    }

    @Test
    void the_limit_takes_the_first_records_of_each_task_in_file_order_counting_invalid_ones() {
        InMemoryBenchmarkSource.Builder b = InMemoryBenchmarkSource.builder().dataDir(Path.of("/data/bench"));
        b.add(TestSamples.text("a", Preference.RESPONSE1, "x", "y"));
        b.addInvalid("bad", Task.T2T, Preference.RESPONSE1, "broken");
        b.add(TestSamples.text("c", Preference.RESPONSE1, "x", "y"));
        TestSamples.many(Task.TA2T, "au", 5).forEach(b::add);
        Path out = tmp.resolve("run");
        runner(b.build(), TestModels.alwaysA(), out)
                .optLimitPerTask(2)
                .optSettings(EnumSet.of(Setting.TIES))
                .build()
                .run();
        assertThat(lines(out))
                .extracting(r -> r.task() + ":" + r.id())
                .containsExactlyInAnyOrder("t2t:a", "t2t:bad", "ta2t:au0", "ta2t:au1");
    }

    @Test
    void the_task_filter_selects_tasks_and_rejects_ones_the_benchmark_lacks() {
        List<PreferenceSample> samples = new ArrayList<>(TestSamples.many(Task.T2T, "t", 3));
        samples.addAll(TestSamples.many(Task.TV2T, "v", 3));
        Path out = tmp.resolve("run");
        runner(source(samples), TestModels.alwaysA(), out)
                .optTasks(EnumSet.of(Task.TV2T))
                .build()
                .run();
        assertThat(lines(out)).extracting(PredictionRecord::task).containsOnly("tv2t");

        BenchmarkRunner missing = runner(source(samples), TestModels.alwaysA(), tmp.resolve("other"))
                .optTasks(EnumSet.of(Task.T2V, Task.T2T))
                .build();
        assertThatThrownBy(missing::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t2v not found")
                .hasMessageContaining("it has t2t, tv2t");
    }

    @Test
    void a_repeated_sample_id_is_written_once_and_reported() {
        InMemoryBenchmarkSource source = InMemoryBenchmarkSource.builder()
                .dataDir(Path.of("/d"))
                .add(TestSamples.text("dup", Preference.RESPONSE1, "x", "y"))
                .add(TestSamples.text("dup", Preference.RESPONSE2, "x", "y"))
                .build();
        List<String> warnings = new ArrayList<>();
        Path out = tmp.resolve("run");
        RunResult result = runner(source, TestModels.alwaysA(), out)
                .optProgress(new ProgressListener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                })
                .build()
                .run();
        assertThat(lines(out)).hasSize(2).allMatch(r -> r.index() == 0);
        assertThat(result.duplicates()).isEqualTo(2);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("'dup' appears again")
                .contains("record 2");
    }

    @Test
    void the_finisher_runs_once_after_every_line_is_written_and_progress_sees_every_line() {
        Path out = tmp.resolve("run");
        List<Integer> linesSeenByFinisher = new ArrayList<>();
        AtomicInteger progressLines = new AtomicInteger();
        AtomicReference<RunResult> finished = new AtomicReference<>();
        RunResult result = runner(source(TestSamples.many(Task.T2T, "s", 7)), TestModels.alwaysA(), out)
                .optFinisher(dir -> linesSeenByFinisher.add(lines(dir).size()))
                .optProgress(new ProgressListener() {
                    @Override
                    public void lineWritten(PredictionRecord record) {
                        progressLines.incrementAndGet();
                    }

                    @Override
                    public void finished(RunResult r) {
                        finished.set(r);
                    }
                })
                .build()
                .run();
        assertThat(linesSeenByFinisher).containsExactly(7 + 5);
        assertThat(progressLines.get()).isEqualTo(12);
        assertThat(finished.get()).isEqualTo(result);
    }

    /** Delegates everything to another source. */
    private static class ForwardingSource implements BenchmarkSource {
        private final BenchmarkSource inner;

        ForwardingSource(BenchmarkSource inner) {
            this.inner = inner;
        }

        @Override
        public org.omnireward.data.benchmark.BenchmarkFormat format() {
            return inner.format();
        }

        @Override
        public Path dataDir() {
            return inner.dataDir();
        }

        @Override
        public Path mediaRoot() {
            return inner.mediaRoot();
        }

        @Override
        public List<Task> tasks() {
            return inner.tasks();
        }

        @Override
        public List<Path> files(Task task) {
            return inner.files(task);
        }

        @Override
        public java.util.stream.Stream<org.omnireward.data.benchmark.LoadedEntry> entries(Task task) {
            return inner.entries(task);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
