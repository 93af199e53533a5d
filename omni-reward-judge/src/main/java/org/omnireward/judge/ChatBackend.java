package org.omnireward.judge;

import java.util.List;
import org.omnireward.core.Usage;
import org.omnireward.runtime.endpoint.ReplicaStats;

/**
 * One vendor's chat API as the judge core sees it: send a {@link Conversation}, get the reply.
 * Implementations map transport failures to the toolkit's exceptions ({@link
 * org.omnireward.core.RetriableException} for timeouts, 5xx and malformed answers, {@link
 * org.omnireward.core.RateLimitedException} with the server's wait for 429, {@link
 * org.omnireward.core.AuthenticationException} for 401/403), keep every secret out of messages and
 * reply texts, and never retry themselves: retries belong to the runtime's {@code Retrier}. Reading a
 * decision from the reply (reasoning, refusals, truncation) is the caller's. Thread-safe.
 */
public interface ChatBackend extends AutoCloseable {

    /** The reply to one conversation. */
    Reply chat(Conversation conversation);

    /**
     * What identifies the answers of this backend in the response cache besides the conversation: the
     * endpoint (without credentials), the model name and the request parameters sent.
     */
    String cacheIdentity();

    /** How the backend's replicas were used (one entry for a single endpoint); empty when it has none. */
    default List<ReplicaStats> replicaStats() {
        return List.of();
    }

    /** Releases connections. */
    @Override
    default void close() {}

    /**
     * A reply, as the server sent it.
     *
     * @param text the assistant message's text ("" when the model wrote none)
     * @param usage the tokens the call used, as the service reported them
     * @param reasoning reasoning the server returned apart from the text (vLLM {@code reasoning} /
     *     {@code reasoning_content}, Anthropic {@code thinking} blocks); null when none
     * @param finishReason why the model stopped ({@code stop}, {@code length}, {@code content_filter};
     *     Anthropic {@code end_turn}, {@code max_tokens}, {@code refusal}, …); null when not given
     * @param refusal an OpenAI {@code refusal} message; null when none
     */
    record Reply(String text, Usage usage, String reasoning, String finishReason, String refusal) {
        public Reply {
            text = text == null ? "" : text;
            usage = usage == null ? Usage.UNKNOWN : usage;
        }

        /** A plain reply: text and usage only. */
        public Reply(String text, Usage usage) {
            this(text, usage, null, null, null);
        }
    }
}
