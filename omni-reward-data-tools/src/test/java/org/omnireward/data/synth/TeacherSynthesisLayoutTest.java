package org.omnireward.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Side;
import org.omnireward.core.Verdict;
import org.omnireward.data.Groups;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.runtime.RetryPolicy;

/**
 * The text {@code data synthesize} writes: the audit file, the kept records and the summary of a fixed run that
 * takes every path (teacher failed, declined, no criterion, verifiers disagree, a verifier failed, kept). The text
 * below was written by the code before the audit became records, so the records keep every key, its order and
 * every value. The summary's two maps (reasons, tokens per model) came in no fixed order then; they come in the order
 * of the reasons' names and teacher-then-verifiers now.
 */
class TeacherSynthesisLayoutTest {

    @TempDir
    Path dir;

    /** Follows the criterion, except on question 3 (the other side) and question 4 (times out). */
    static final class SecondVerifier implements PairwiseRewardModel {
        @Override
        public String name() {
            return "test:v2";
        }

        @Override
        public Verdict judge(PairwiseRequest r) {
            if (r.prompt().contains("4?")) {
                throw new RetriableException("request timed out after 120 s");
            }
            boolean a = r.criteria().contains("'" + r.responseA().requireText() + "'");
            return Verdict.of(a != r.prompt().contains("3?") ? Side.A : Side.B);
        }
    }

    @Test
    void audit_records_and_summary_keep_their_text() throws IOException {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String prompt = "Question " + i + "?";
            String chosen = i == 5 ? "good \"5\" \u2014 caf\u00e9 \u2713" : "good " + i;
            pairs.add(PreferencePair.text(
                    "q" + i, Groups.ofPrompt(prompt), "general", prompt, chosen, "bad " + i, "hh-rlhf:x#L" + i));
        }
        Path in = dir.resolve("in.jsonl");
        UnifiedJsonlWriter.writeAll(in, pairs);
        TeacherSynthesisTest.ScriptedTeacher teacher = new TeacherSynthesisTest.ScriptedTeacher(u -> {
            int q = Integer.parseInt(u.substring(u.indexOf("Question ") + 9, u.indexOf("?")));
            return switch (q) {
                case 0 -> throw new RetriableException("the teacher is busy");
                case 1 -> "[[DECLINE]] nothing honest favours it [[END]]";
                case 2 -> "I think the first one is better.";
                default -> TeacherSynthesisTest.criterionFor(u);
            };
        });
        Path out = dir.resolve("out/criteria.jsonl");
        TeacherSynthesis.run(
                in,
                out,
                teacher,
                List.of(
                        new TeacherSynthesis.Verifier("test:v1", new TeacherSynthesisTest.FollowingVerifier("test:v1")),
                        new TeacherSynthesis.Verifier("test:v2", new SecondVerifier())),
                new TeacherSynthesis.Options(
                        7,
                        TeacherSynthesis.Agree.ALL,
                        1,
                        RetryPolicy.defaults()
                                .withMaxAttempts(2)
                                .withDelays(Duration.ofMillis(1), Duration.ofMillis(2)),
                        0,
                        0,
                        Map.of("test:teacher", new TeacherSynthesis.Price(2.5, 10))),
                null);

        String audit = Files.readString(dir.resolve("out/criteria.jsonl.audit.jsonl"), StandardCharsets.UTF_8);
        String records = Files.readString(out, StandardCharsets.UTF_8);
        String summary = Files.readString(dir.resolve("out/criteria.jsonl.summary.json"), StandardCharsets.UTF_8);
        assertThat(audit).isEqualTo(expected("audit.jsonl"));
        assertThat(records).isEqualTo(expected("records.jsonl"));
        assertThat(summary).isEqualTo(expected("summary.json"));
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = TeacherSynthesisLayoutTest.class.getResourceAsStream("layout/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
