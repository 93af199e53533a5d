package org.omnireward.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.Json;
import org.omnireward.data.Groups;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.runtime.RetryPolicy;

class TeacherSynthesisTest {

    @TempDir
    Path dir;

    /** Pairs whose chosen answer is "good N" and rejected "bad N". */
    private Path input(int n) {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = "Question " + i + "?";
            pairs.add(PreferencePair.text(
                    "q" + i, Groups.ofPrompt(prompt), "general", prompt, "good " + i, "bad " + i, "hh-rlhf:x#L" + i));
        }
        Path f = dir.resolve("in.jsonl");
        UnifiedJsonlWriter.writeAll(f, pairs);
        return f;
    }

    /** A teacher that names the response it was asked to favour in a criterion, via the wording. */
    static final class ScriptedTeacher implements TextGenerator {
        final AtomicInteger calls = new AtomicInteger();
        final Function<String, String> reply;

        ScriptedTeacher(Function<String, String> reply) {
            this.reply = reply;
        }

        @Override
        public String name() {
            return "test:teacher";
        }

        @Override
        public Generation generate(String system, String user, List<MediaRef> media) {
            calls.incrementAndGet();
            return new Generation(reply.apply(user), new Usage(100, 20));
        }
    }

    /** The favoured text from the teacher's prompt: the response whose number the last line names. */
    static String favouredText(String user) {
        String n =
                user.substring(user.lastIndexOf("under which Response ") + 21).substring(0, 1);
        int start = user.indexOf("[[RESPONSE " + n + "]]\n") + 15;
        return user.substring(start, user.indexOf("\n[[END OF RESPONSE " + n + "]]"));
    }

    static String criterionFor(String user) {
        return "[[CRITERION]] Prefer the answer that says '" + favouredText(user) + "'. [[END]]";
    }

    /** A verifier that follows the criterion (picks the response it quotes); records what it saw. */
    static final class FollowingVerifier implements PairwiseRewardModel {
        final String name;
        final List<PairwiseRequest> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        FollowingVerifier(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Verdict judge(PairwiseRequest r) {
            seen.add(r);
            boolean a = r.criteria().contains("'" + r.responseA().requireText() + "'");
            return new Verdict(
                    a ? Preference.RESPONSE1 : Preference.RESPONSE2,
                    "it says so",
                    "[[" + (a ? "A" : "B") + "]]",
                    new Usage(50, 5));
        }
    }

    private static TeacherSynthesis.Options options(TeacherSynthesis.Agree agree) {
        return new TeacherSynthesis.Options(
                7,
                agree,
                4,
                RetryPolicy.defaults().withMaxAttempts(2).withDelays(Duration.ofMillis(1), Duration.ofMillis(2)),
                0,
                0,
                Map.of("test:teacher", new TeacherSynthesis.Price(2.5, 10)));
    }

    private static List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(Json.mapper().readTree(l));
        }
        return out;
    }

    @Test
    void balanced_sides_blind_verifiers_audit_and_provenance() throws IOException {
        Path in = input(60);
        Path out = dir.resolve("out/criteria.jsonl");
        FollowingVerifier v1 = new FollowingVerifier("test:v1");
        FollowingVerifier v2 = new FollowingVerifier("test:v2");
        TeacherSynthesis.Summary s = TeacherSynthesis.run(
                in,
                out,
                new ScriptedTeacher(TeacherSynthesisTest::criterionFor),
                List.of(new TeacherSynthesis.Verifier("test:v1", v1), new TeacherSynthesis.Verifier("test:v2", v2)),
                options(TeacherSynthesis.Agree.ALL),
                null);
        assertThat(s.kept()).isEqualTo(60);
        assertThat(s.favouredRejected()).isBetween(18L, 42L);
        assertThat(s.favouredChosen() + s.favouredRejected()).isEqualTo(60);
        var rs = new UnifiedJsonlReader(out).readAll();
        assertThat(rs.pairs()).hasSize(60);
        long flipped = rs.pairs().stream()
                .filter(p -> p.chosen().requireText().startsWith("bad"))
                .count();
        assertThat(flipped).isEqualTo(s.favouredRejected());
        PreferencePair first = rs.pairs().get(0);
        assertThat(first.source()).startsWith("synthetic:criterion<-hh-rlhf:x#L");
        assertThat(first.criteria()).contains(first.chosen().requireText());
        // blind: both orders shown, and no hint of the intended side reaches the verifier
        long favouredFirst = v1.seen.stream()
                .filter(r -> r.criteria().contains("'" + r.responseA().requireText() + "'"))
                .count();
        assertThat(favouredFirst).isBetween(18L, 42L);
        assertThat(v1.seen).allMatch(r -> !r.allowTies());
        List<JsonNode> audit = lines(dir.resolve("out/criteria.jsonl.audit.jsonl"));
        assertThat(audit).hasSize(60).allMatch(a -> a.get("status").asText().equals("kept"));
        assertThat(audit.get(0).get("teacher").get("output").asText()).startsWith("[[CRITERION]]");
        assertThat(audit.get(0).get("verdicts")).hasSize(2);
        JsonNode line = lines(out).get(0);
        assertThat(line.get("provenance")
                        .get("synthesis")
                        .get("verdicts")
                        .get(0)
                        .get("verifier")
                        .asText())
                .isEqualTo("test:v1");
        // tokens: 60 teacher calls of 100 + 20, 120 verifier calls of 50 + 5
        assertThat(s.tokens().get("test:teacher").input()).isEqualTo(6000);
        assertThat(s.tokens().get("test:v1").calls()).isEqualTo(60);
        assertThat(s.cost()).isCloseTo(6000 * 2.5 / 1e6 + 1200 * 10 / 1e6, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode summary = Json.readTree(dir.resolve("out/criteria.jsonl.summary.json"));
        assertThat(summary.get("kept").asLong()).isEqualTo(60);
    }

    @Test
    void declines_replies_without_a_criterion_disagreement_and_timeouts_are_dropped_with_their_reason()
            throws IOException {
        Path in = input(40);
        Path out = dir.resolve("o.jsonl");
        ScriptedTeacher teacher = new ScriptedTeacher(u -> {
            int q = Integer.parseInt(u.substring(u.indexOf("Question ") + 9, u.indexOf("?")));
            return switch (q % 4) {
                case 0 -> "[[DECLINE]] nothing honest favours it [[END]]";
                case 1 -> "I think the first one is better.";
                default -> criterionFor(u);
            };
        });
        PairwiseRewardModel contrarian = new PairwiseRewardModel() {
            @Override
            public String name() {
                return "test:contrarian";
            }

            @Override
            public Verdict judge(PairwiseRequest r) {
                boolean a = r.criteria().contains("'" + r.responseA().requireText() + "'");
                return Verdict.of(a ? Preference.RESPONSE2 : Preference.RESPONSE1);
            }
        };
        AtomicInteger timeouts = new AtomicInteger();
        PairwiseRewardModel slow = new PairwiseRewardModel() {
            @Override
            public String name() {
                return "test:slow";
            }

            @Override
            public Verdict judge(PairwiseRequest r) {
                if (r.prompt().contains("3?") || r.prompt().contains("7?")) {
                    timeouts.incrementAndGet();
                    throw new RetriableException("request timed out after 120 s");
                }
                boolean a = r.criteria().contains("'" + r.responseA().requireText() + "'");
                return Verdict.of(a ? Preference.RESPONSE1 : Preference.RESPONSE2);
            }
        };
        FollowingVerifier good = new FollowingVerifier("test:good");
        // majority of three: one contrarian is outvoted, a timeout plus the contrarian is not
        TeacherSynthesis.Summary s = TeacherSynthesis.run(
                in,
                out,
                teacher,
                List.of(
                        new TeacherSynthesis.Verifier("test:good", good),
                        new TeacherSynthesis.Verifier("test:slow", slow),
                        new TeacherSynthesis.Verifier("test:contrarian", contrarian)),
                options(TeacherSynthesis.Agree.MAJORITY),
                null);
        assertThat(s.droppedByReason())
                .containsEntry("teacher_declined", 10L)
                .containsEntry("teacher_without_criterion", 10L);
        // pairs 3, 7, 13, 17, 23, ... whose prompt holds 3? or 7? and got a criterion (q % 4 = 2 or 3)
        long expectedFailed = 0;
        for (int q = 0; q < 40; q++) {
            String p = "Question " + q + "?";
            if (q % 4 >= 2 && (p.contains("3?") || p.contains("7?"))) {
                expectedFailed++;
            }
        }
        assertThat(s.droppedByReason()).containsEntry("verifier_failed", expectedFailed);
        assertThat(s.kept()).isEqualTo(20 - expectedFailed);
        assertThat(timeouts.get()).isEqualTo(2 * (int) expectedFailed); // two attempts each
        List<JsonNode> audit = lines(dir.resolve("o.jsonl.audit.jsonl"));
        assertThat(audit).hasSize(40);
        JsonNode failed = audit.stream()
                .filter(a -> a.path("reason").asText().equals("verifier_failed"))
                .findFirst()
                .orElseThrow();
        assertThat(failed.get("verdicts").get(1).get("error").asText())
                .contains("timed out")
                .contains("2 attempts");
        assertThat(failed.get("verdicts").get(2).get("agrees").asBoolean()).isFalse();
        JsonNode noCrit = audit.stream()
                .filter(a -> a.path("reason").asText().equals("teacher_without_criterion"))
                .findFirst()
                .orElseThrow();
        assertThat(noCrit.get("teacher").get("output").asText()).isEqualTo("I think the first one is better.");
        assertThat(noCrit.get("detail").asText()).contains("no [[CRITERION]]");

        // with --agree all, the contrarian vetoes everything
        TeacherSynthesis.Summary all = TeacherSynthesis.run(
                in,
                dir.resolve("all.jsonl"),
                teacher,
                List.of(
                        new TeacherSynthesis.Verifier("test:good", good),
                        new TeacherSynthesis.Verifier("test:contrarian", contrarian)),
                options(TeacherSynthesis.Agree.ALL),
                null);
        assertThat(all.kept()).isZero();
        assertThat(all.droppedByReason()).containsEntry("verifiers_disagree", 20L);
    }

    @Test
    void a_killed_run_resumes_without_losing_or_repeating_pairs() throws IOException {
        Path in = input(50);
        Path out = dir.resolve("r.jsonl");
        AtomicInteger budget = new AtomicInteger(20);
        ScriptedTeacher dying = new ScriptedTeacher(u -> {
            if (budget.decrementAndGet() < 0) {
                throw new org.omnireward.core.AuthenticationException("simulated crash: 401 from the teacher");
            }
            return criterionFor(u);
        });
        FollowingVerifier v = new FollowingVerifier("test:v");
        List<TeacherSynthesis.Verifier> vs = List.of(new TeacherSynthesis.Verifier("test:v", v));
        assertThatThrownBy(() -> TeacherSynthesis.run(in, out, dying, vs, options(TeacherSynthesis.Agree.ALL), null))
                .hasMessageContaining("simulated crash");
        Path audit = dir.resolve("r.jsonl.audit.jsonl");
        long before = Files.readAllLines(audit).size();
        assertThat(before).isBetween(1L, 20L);
        // what kill -9 can leave: a torn audit line, and a kept record whose output line never came
        List<String> auditLines = Files.readAllLines(audit);
        List<String> outLines = Files.readAllLines(out);
        Files.writeString(out, String.join("\n", outLines.subList(0, outLines.size() - 1)) + "\n");
        Files.writeString(audit, "{\"id\":\"q49\",\"status\":\"ke", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        ScriptedTeacher teacher = new ScriptedTeacher(TeacherSynthesisTest::criterionFor);
        TeacherSynthesis.Summary s =
                TeacherSynthesis.run(in, out, teacher, vs, options(TeacherSynthesis.Agree.ALL), null);
        assertThat(s.resumed()).isEqualTo(auditLines.size());
        assertThat(teacher.calls.get()).isEqualTo(50 - auditLines.size());
        assertThat(s.processed()).isEqualTo(50);
        assertThat(s.kept()).isEqualTo(50);
        List<JsonNode> rs = lines(out);
        Set<String> ids = new HashSet<>();
        rs.forEach(r -> assertThat(ids.add(r.get("id").asText())).isTrue());
        assertThat(ids).hasSize(50);
        assertThat(lines(audit)).hasSize(50);
        // a second resume has nothing left to do
        TeacherSynthesis.Summary again =
                TeacherSynthesis.run(in, out, teacher, vs, options(TeacherSynthesis.Agree.ALL), null);
        assertThat(again.processed()).isEqualTo(50);
        assertThat(teacher.calls.get()).isEqualTo(50 - auditLines.size());
    }

    @Test
    void teacher_replies_are_read_strictly() {
        assertThat(TeacherPrompt.parse("[[CRITERION]] Prefer brevity. [[END]]"))
                .isEqualTo(new TeacherPrompt.Criterion("Prefer brevity."));
        assertThat(TeacherPrompt.parse("Sure!\n[[CRITERION]]\nPrefer brevity."))
                .isInstanceOf(TeacherPrompt.Criterion.class);
        assertThat(TeacherPrompt.parse("[[DECLINE]] no [[END]]")).isEqualTo(new TeacherPrompt.Declined("no"));
        assertThat(TeacherPrompt.parse("[[CRITERION]] [[END]]")).isInstanceOf(TeacherPrompt.Unusable.class);
        assertThat(TeacherPrompt.parse("[[CRITERION]] Prefer Response 2. [[END]]"))
                .isInstanceOf(TeacherPrompt.Unusable.class);
        assertThat(TeacherPrompt.parse("[[CRITERION]] x [[END]] [[DECLINE]] y [[END]]"))
                .isInstanceOf(TeacherPrompt.Unusable.class);
        assertThat(TeacherPrompt.parse("")).isInstanceOf(TeacherPrompt.Unusable.class);
    }
}
