package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.judge.FakeChatServer.Reply;

/** The response cache, swap bookkeeping, pointwise mode, capabilities and prompt-dir, against a scripted server. */
class JudgeModesIT {

    @TempDir
    Path dir;

    private FakeChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatJudge judge(Map<String, String> options) {
        return TestMedia.judge(server, dir.resolve("cache"), options);
    }

    /** A judge that prefers the response mentioning Paris, wherever it is shown. */
    private static Reply byContent(FakeChatServer.Recorded r) {
        String text = r.userText();
        int a = text.indexOf("[[RESPONSE A]]");
        int b = text.indexOf("[[RESPONSE B]]");
        int paris = text.indexOf("Paris");
        return Reply.ok("Paris is right.\n" + (paris > a && paris < b ? "[[A]]" : "[[B]]"));
    }

    // ---- cache ------------------------------------------------------------------------------------

    @Test
    void a_rerun_is_answered_from_the_disk_cache_without_a_request() throws Exception {
        PairwiseRequest r = TestMedia.request(Task.T2I, dir, true);
        Verdict first;
        try (ChatJudge j = judge(Map.of())) {
            first = j.judge(r);
        }
        assertThat(server.requests()).hasSize(1);
        assertThat(first.usage()).isEqualTo(new Usage(11, 7));
        try (Stream<Path> files = Files.walk(dir.resolve("cache").resolve("judge"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).count())
                    .isEqualTo(1);
        }
        try (ChatJudge j = judge(Map.of())) {
            Verdict again = j.judge(r);
            assertThat(again.preference()).isEqualTo(first.preference());
            assertThat(again.rawOutput()).isEqualTo(first.rawOutput());
            assertThat(again.usage()).as("a cache hit spends no tokens").isEqualTo(new Usage(0, 0));
        }
        assertThat(server.requests()).as("no request on the rerun").hasSize(1);
    }

    @Test
    void the_cache_key_covers_the_setting_the_model_and_the_media() throws Exception {
        try (ChatJudge j = judge(Map.of())) {
            j.judge(TestMedia.request(Task.T2I, dir, true));
            j.judge(TestMedia.request(Task.T2I, dir, false));
            j.judge(TestMedia.request(Task.T2I, dir, true).swapped());
        }
        try (ChatJudge j = judge(Map.of("temperature", "0.5"))) {
            j.judge(TestMedia.request(Task.T2I, dir, true));
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void unparseable_replies_are_not_cached() throws Exception {
        PairwiseRequest r = TestMedia.request(Task.T2T, dir, true);
        server.then(Reply.ok("no idea"));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(r)).isInstanceOf(org.omnireward.core.UnparseableOutputException.class);
            assertThat(j.judge(r).preference()).isEqualTo(Preference.RESPONSE1);
            assertThat(j.judge(r).preference()).isEqualTo(Preference.RESPONSE1);
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void cache_false_asks_every_time() throws Exception {
        PairwiseRequest r = TestMedia.request(Task.T2T, dir, true);
        try (ChatJudge j = judge(Map.of("cache", "false"))) {
            j.judge(r);
            j.judge(r);
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    // ---- swap -------------------------------------------------------------------------------------

    @Test
    void swap_asks_both_orders_and_a_consistent_pair_gives_its_verdict() throws Exception {
        server.otherwise(JudgeModesIT::byContent);
        PairwiseRequest r = TestMedia.request(Task.T2T, dir, true);
        try (ChatJudge j = judge(Map.of("swap", "true", "cache", "false"))) {
            Verdict v = j.judge(r);
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE1);
            assertThat(v.rationale()).startsWith(ChatJudge.SWAP_CONSISTENT);
            assertThat(v.positionConsistent()).isTrue();
            assertThat(v.rawOutput()).contains(ChatJudge.SWAPPED_OUTPUT_SEPARATOR);
            assertThat(v.usage()).isEqualTo(new Usage(22, 14));
            Verdict back = j.judge(r.swapped());
            assertThat(back.preference()).isEqualTo(Preference.RESPONSE2);
        }
        assertThat(server.requests()).hasSize(4);
        assertThat(server.requests().get(0).userText()).contains("[[RESPONSE A]]\nParis is the capital");
        assertThat(server.requests().get(1).userText()).contains("[[RESPONSE A]]\nI think it is Lyon.");
    }

    @Test
    void an_inconsistent_pair_is_a_tie_with_ties_and_flagged_without() throws Exception {
        server.otherwise(rec -> Reply.ok("The first one.\n[[A]]"));
        try (ChatJudge j = judge(Map.of("swap", "true", "cache", "false"))) {
            Verdict ties = j.judge(TestMedia.request(Task.T2T, dir, true));
            assertThat(ties.preference()).isEqualTo(Preference.TIE);
            assertThat(ties.rationale())
                    .startsWith(ChatJudge.SWAP_INCONSISTENT)
                    .contains("as shown: A")
                    .contains("mapped back: B");
            Verdict noTies = j.judge(TestMedia.request(Task.T2T, dir, false));
            assertThat(noTies.preference()).as("the order as given").isEqualTo(Preference.RESPONSE1);
            assertThat(noTies.rationale()).startsWith(ChatJudge.SWAP_INCONSISTENT);
            assertThat(noTies.positionConsistent()).isFalse();
        }
    }

    @Test
    void concat_audio_follows_the_order_shown_when_swapping() throws Exception {
        try (ChatJudge j = judge(Map.of("swap", "true", "audio-mode", "concat", "cache", "false"))) {
            j.judge(TestMedia.request(Task.T2A, dir, true));
        }
        assertThat(server.requests()).hasSize(2);
        String first = server.requests()
                .get(0)
                .userParts()
                .get(1)
                .get("input_audio")
                .get("data")
                .asText();
        String second = server.requests()
                .get(1)
                .userParts()
                .get(1)
                .get("input_audio")
                .get("data")
                .asText();
        assertThat(first).as("A+B joined differs from B+A joined").isNotEqualTo(second);
        assertThat(first.length()).isEqualTo(second.length());
    }

    // ---- pointwise --------------------------------------------------------------------------------

    @Test
    void pointwise_scores_each_response_alone_and_the_higher_wins() throws Exception {
        server.otherwise(rec -> Reply.ok("ok.\n" + (rec.userText().contains("Paris") ? "[[5]]" : "[[2]]")));
        try (ChatJudge j = judge(Map.of("judge-mode", "pointwise", "cache", "false"))) {
            Verdict v = j.judge(TestMedia.request(Task.T2T, dir, true));
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE1);
            assertThat(v.rationale()).startsWith("[pointwise: A scored 5, B scored 2]");
            Verdict b = j.judge(TestMedia.request(Task.T2T, dir, true).swapped());
            assertThat(b.preference()).isEqualTo(Preference.RESPONSE2);
        }
        FakeChatServer.Recorded first = server.requests().get(0);
        assertThat(first.userText())
                .contains("[[RESPONSE]]\nParis is the capital of France.\n[[END OF RESPONSE]]")
                .doesNotContain("Lyon")
                .doesNotContain("[[RESPONSE A]]");
        assertThat(first.systemText()).contains("[[1]]").contains("[[5]]");
        assertThat(server.requests().get(1).userText()).contains("Lyon").doesNotContain("Paris");
    }

    @Test
    void pointwise_equal_scores_tie_with_ties_and_a_stable_coin_without() throws Exception {
        server.otherwise(rec -> Reply.ok("fine [[4]]"));
        try (ChatJudge j = judge(Map.of("judge-mode", "pointwise", "cache", "false"))) {
            assertThat(j.judge(TestMedia.request(Task.T2T, dir, true)).preference())
                    .isEqualTo(Preference.TIE);
            Verdict v1 = j.judge(TestMedia.request(Task.T2T, dir, false));
            Verdict v2 = j.judge(TestMedia.request(Task.T2T, dir, false));
            assertThat(v1.preference())
                    .isIn(Preference.RESPONSE1, Preference.RESPONSE2)
                    .isEqualTo(v2.preference());
            assertThat(v1.rationale()).contains("stable coin");
        }
    }

    @Test
    void swap_with_pointwise_is_refused() {
        assertThatThrownBy(() -> judge(Map.of("judge-mode", "pointwise", "swap", "true")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("swap=true needs judge-mode=pairwise");
    }

    // ---- capabilities and prompt-dir --------------------------------------------------------------

    @Test
    void capabilities_decide_the_supported_tasks() throws Exception {
        try (ChatJudge j = judge(Map.of("capabilities", "text"))) {
            assertThat(j.supportedTasks()).containsExactly(Task.T2T);
            PairwiseRequest t2i = TestMedia.request(Task.T2I, dir, true);
            assertThatThrownBy(() -> j.judge(t2i)).isInstanceOf(UnsupportedTaskException.class);
        }
        try (ChatJudge j = TestMedia.judge(server, dir, Map.of("capabilities", "text,image,video"))) {
            assertThat(j.supportedTasks())
                    .isEqualTo(EnumSet.of(Task.T2T, Task.TI2T, Task.TV2T, Task.T2I, Task.T2V, Task.T23D, Task.TI2I));
        }
        try (ChatJudge j = judge(Map.of("capabilities", "text,audio"))) {
            assertThat(j.supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TA2T, Task.T2A);
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void a_prompt_dir_file_replaces_the_built_in_template() throws Exception {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(
                prompts.resolve("pairwise-t2t.txt"),
                "--- system ---\nCRITERION: {{criteria}}\n{{verdict_rules}}\n"
                        + "--- user ---\nQ: {{prompt}}\n[[RESPONSE A]]\n{{response_a}}\n[[END OF RESPONSE A]]\n"
                        + "[[RESPONSE B]]\n{{response_b}}\n[[END OF RESPONSE B]]");
        try (ChatJudge j = judge(Map.of("prompt-dir", prompts.toString(), "cache", "false"))) {
            j.judge(TestMedia.request(Task.T2T, dir, true));
        }
        assertThat(server.last().systemText()).startsWith("CRITERION: Prefer the response");
        assertThat(server.last().userText()).startsWith("Q: Prompt of t2t\n[[RESPONSE A]]");
    }

    @Test
    void a_broken_prompt_dir_template_fails_when_the_model_is_made() throws Exception {
        Path prompts = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(
                prompts.resolve("pairwise-t2i.txt"), "--- system ---\n{{criteria}}\n--- user ---\n{{response_a}}");
        assertThatThrownBy(() -> judge(Map.of("prompt-dir", prompts.toString())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pairwise-t2i.txt")
                .hasMessageContaining("{{prompt}}");
    }
}
