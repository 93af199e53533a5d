package org.omnireward.judge;

import org.omnireward.core.Usage;

/**
 * One vendor's chat API as the judge core sees it: send a {@link Conversation}, get the reply text.
 * Implementations map transport failures to the toolkit's exceptions ({@link
 * org.omnireward.core.RetriableException} for timeouts, 5xx and malformed answers, {@link
 * org.omnireward.core.RateLimitedException} with the server's wait for 429, {@link
 * org.omnireward.core.AuthenticationException} for 401/403) and never retry themselves: retries
 * belong to the runtime's {@code Retrier}. Thread-safe.
 */
public interface ChatBackend extends AutoCloseable {

    /** The reply to one conversation. */
    Reply chat(Conversation conversation);

    /**
     * What identifies the answers of this backend in the response cache besides the conversation:
     * the model name and the sampling parameters sent.
     */
    String cacheIdentity();

    /** Releases connections. */
    @Override
    default void close() {
    }

    /**
     * A reply.
     *
     * @param text the assistant message's text ("" when the model wrote none)
     * @param usage the tokens the call used, as the service reported them
     */
    record Reply(String text, Usage usage) {
        public Reply {
            text = text == null ? "" : text;
            usage = usage == null ? Usage.UNKNOWN : usage;
        }
    }
}
