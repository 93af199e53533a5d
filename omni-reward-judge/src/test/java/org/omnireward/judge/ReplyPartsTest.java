package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.omnireward.core.RefusedException;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.Usage;

/** Refusals and truncation as OpenAI, vLLM and Anthropic report them. */
class ReplyPartsTest {

    private static ChatBackend.Reply reply(String text, String reasoning, String finish, String refusal) {
        return new ChatBackend.Reply(text, Usage.UNKNOWN, reasoning, finish, refusal);
    }

    @Test
    void an_openai_refusal_is_refused_with_its_text() {
        assertThatThrownBy(() -> ReplyParts.of(reply("", null, "stop", "I'm sorry, I can't help with that.")))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("refused")
                .satisfies(e -> {
                    RefusedException r = (RefusedException) e;
                    assertThat(r.rawOutput()).isEqualTo("I'm sorry, I can't help with that.");
                    assertThat(r.finishReason()).isEqualTo("stop");
                });
    }

    @Test
    void a_content_filter_and_an_anthropic_refusal_are_refused() {
        assertThatThrownBy(() -> ReplyParts.of(reply("", null, "content_filter", null)))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("content filter");
        assertThatThrownBy(() -> ReplyParts.of(reply("I won't compare these.", null, "refusal", null)))
                .isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(((RefusedException) e).rawOutput()).isEqualTo("I won't compare these."));
    }

    @Test
    void a_reply_cut_off_at_the_limit_is_truncated_even_with_a_letter_in_it() {
        assertThatThrownBy(() -> ReplyParts.of(reply("A looks better: [[A]] and yet", null, "length", null)))
                .isInstanceOf(TruncatedOutputException.class)
                .hasMessageContaining("finish reason length")
                .hasMessageContaining("max-tokens")
                .satisfies(e -> assertThat(((TruncatedOutputException) e).rawOutput())
                        .isEqualTo("A looks better: [[A]] and yet"));
        assertThatThrownBy(() -> ReplyParts.of(reply("", null, "max_tokens", null)))
                .isInstanceOf(TruncatedOutputException.class);
        assertThatThrownBy(() -> ReplyParts.of(reply("", null, "model_context_window_exceeded", null)))
                .isInstanceOf(TruncatedOutputException.class);
    }

    @Test
    void vllm_content_null_with_reasoning_cut_off_keeps_the_reasoning() {
        assertThatThrownBy(() -> ReplyParts.of(reply(null, "Comparing A and B: [[B]] might", "length", null)))
                .isInstanceOf(TruncatedOutputException.class)
                .hasMessageContaining("still reasoning")
                .satisfies(e -> assertThat(((TruncatedOutputException) e).rawOutput())
                        .isEqualTo("<think>\nComparing A and B: [[B]] might\n</think>\n"));
    }

    @Test
    void a_finished_reply_splits_reasoning_and_answer() {
        ReplyParts p = ReplyParts.of(reply("<THINK>long thought</THINK>\nB.\n[[B]]", null, "stop", null));
        assertThat(p.reasoning()).isEqualTo("long thought");
        assertThat(p.answer()).isEqualTo("\nB.\n[[B]]");
        assertThat(p.rawOutput()).isEqualTo("<THINK>long thought</THINK>\nB.\n[[B]]");
        ReplyParts thinking = ReplyParts.ofText("<thinking>t</thinking>[[A]]");
        assertThat(thinking.reasoning()).isEqualTo("t");
        assertThat(ReplyParts.ofText("plain [[A]]").reasoning()).isEmpty();
    }
}
