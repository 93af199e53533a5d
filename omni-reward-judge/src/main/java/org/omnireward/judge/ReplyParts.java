package org.omnireward.judge;

import java.util.Locale;
import java.util.Set;
import org.omnireward.core.RefusedException;
import org.omnireward.core.TruncatedOutputException;

/**
 * A chat reply taken apart as a judge must read it: the model's reasoning (a separate {@code
 * reasoning} / {@code reasoning_content} field, Anthropic {@code thinking} blocks, or a {@code
 * <think>…</think>} block in the text, as reasoning models served without a reasoning parser write
 * it) and the answer after it, where alone a verdict is looked for. A reply that refused ({@code
 * refusal}, {@code content_filter}, Anthropic {@code refusal}) or was cut off at the token limit
 * ({@code length}, Anthropic {@code max_tokens} or {@code model_context_window_exceeded}) is never read
 * for a verdict: {@link #of} throws a {@link RefusedException} or {@link TruncatedOutputException}
 * carrying what arrived.
 *
 * @param reasoning the reasoning, or "" when there was none
 * @param answer the text after the reasoning
 * @param rawOutput everything the model wrote, for the record: a separate reasoning field appears first,
 *     inside {@code <think>…</think>}, so that the raw output reads as the model produced it
 * @param finishReason why the model stopped, as the server said; null when not given
 */
public record ReplyParts(String reasoning, String answer, String rawOutput, String finishReason) {

    /** Finish reasons that mean the answer was cut off (OpenAI/vLLM, Anthropic). */
    static final Set<String> TRUNCATED = Set.of("length", "max_tokens", "model_context_window_exceeded");
    /** Finish reasons that mean the model or its provider declined. */
    static final Set<String> REFUSED = Set.of("refusal", "content_filter");

    private static final String[] OPEN = {"<think>", "<thinking>"};
    private static final String[] CLOSE = {"</think>", "</thinking>"};

    /**
     * The parts of {@code reply}.
     *
     * @throws RefusedException when the model refused (the refusal text kept)
     * @throws TruncatedOutputException when the answer was cut off (what arrived kept)
     */
    public static ReplyParts of(ChatBackend.Reply reply) {
        ReplyParts p = split(reply.text(), reply.reasoning(), reply.finishReason());
        String finish =
                reply.finishReason() == null ? null : reply.finishReason().toLowerCase(Locale.ROOT);
        if (reply.refusal() != null && !reply.refusal().isBlank()) {
            throw new RefusedException(
                    "the judge refused to answer: " + excerpt(reply.refusal()), reply.refusal(), reply.finishReason());
        }
        if (finish != null && REFUSED.contains(finish)) {
            throw new RefusedException(
                    finish.equals("content_filter")
                            ? "the provider's content filter withheld the judge's answer (finish_reason content_filter)"
                            : "the judge refused to answer (stop_reason refusal)"
                                    + (p.rawOutput().isBlank() ? "" : ": " + excerpt(p.rawOutput())),
                    p.rawOutput(),
                    reply.finishReason());
        }
        if (finish != null && TRUNCATED.contains(finish)) {
            boolean inReasoning = p.answer().isBlank() && !p.reasoning().isEmpty();
            throw new TruncatedOutputException(
                    "the judge's answer was cut off at the token limit (finish reason "
                            + reply.finishReason() + ")" + (inReasoning ? " while it was still reasoning" : "")
                            + "; raise model option max-tokens, or retry with bench run --retry-truncated",
                    p.rawOutput(),
                    reply.finishReason());
        }
        return p;
    }

    /** The parts of a plain text (no separate reasoning, no finish reason). */
    public static ReplyParts ofText(String text) {
        return split(text == null ? "" : text, null, null);
    }

    private static ReplyParts split(String content, String reasoningField, String finish) {
        String reasoning = reasoningField == null ? "" : reasoningField.strip();
        String answer = content;
        String lower = null;
        int closeAt = -1;
        int closeEnd = -1;
        if (content.indexOf('<') >= 0) {
            lower = content.toLowerCase(Locale.ROOT);
            for (String tag : CLOSE) {
                int i = lower.lastIndexOf(tag);
                if (i >= 0 && i + tag.length() > closeEnd) {
                    closeAt = i;
                    closeEnd = i + tag.length();
                }
            }
        }
        if (closeAt >= 0) {
            String before = content.substring(0, closeAt);
            answer = content.substring(closeEnd);
            reasoning = join(reasoning, stripOpenTag(before));
        } else if (lower != null && startsWithOpenTag(lower)) {
            reasoning = join(reasoning, stripOpenTag(content)); // reasoning that never finished
            answer = "";
        }
        String raw = reasoningField == null || reasoningField.isBlank()
                ? content
                : "<think>\n" + reasoningField.strip() + "\n</think>\n" + content;
        return new ReplyParts(reasoning, answer, raw, finish);
    }

    private static boolean startsWithOpenTag(String lower) {
        String t = lower.stripLeading();
        for (String tag : OPEN) {
            if (t.startsWith(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String stripOpenTag(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        for (String tag : OPEN) {
            int i = lower.indexOf(tag);
            if (i >= 0 && lower.substring(0, i).isBlank()) {
                return s.substring(i + tag.length()).strip();
            }
        }
        return s.strip();
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "\n" + b;
    }

    static String excerpt(String text) {
        String t = text.strip().replace('\n', ' ');
        if (t.isEmpty()) {
            return "an empty answer";
        }
        return t.length() <= 120 ? "'" + t + "'" : "'…" + t.substring(t.length() - 117) + "'";
    }
}
