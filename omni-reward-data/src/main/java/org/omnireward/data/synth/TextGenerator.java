package org.omnireward.data.synth;

import java.util.List;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Usage;

/**
 * A model that writes free text: {@code data synthesize}'s teacher. The CLI provides one over the judge
 * module's chat backends ({@code openai:MODEL}, {@code anthropic:MODEL}); tests script one. Failures
 * are the toolkit's exceptions ({@link org.omnireward.core.RetriableException} for timeouts, rate
 * limits and 5xx), never retried inside. Thread-safe.
 */
public interface TextGenerator extends AutoCloseable {

    /** The model's name, e.g. {@code openai:gpt-4o}, for provenance and token totals. */
    String name();

    /** The reply to a system text and a user message made of {@code media} followed by {@code user}. */
    Generation generate(String system, String user, List<MediaRef> media);

    @Override
    default void close() {}

    /**
     * A reply.
     *
     * @param text what the model wrote
     * @param usage the tokens it took
     */
    record Generation(String text, Usage usage) {
        public Generation {
            text = text == null ? "" : text;
            usage = usage == null ? Usage.UNKNOWN : usage;
        }
    }
}
