package org.omnireward.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;

/**
 * Free-text generation over the same chat backends as the judges ({@code openai:MODEL},
 * {@code anthropic:MODEL}, the same model options), for callers that need a model's words rather than
 * a verdict: {@code data synthesize}'s teacher. Images (and 3D renders) are sent as JPEG parts and
 * videos as sampled frames, through the judges' media encoder; audio is not sent. Replies are kept in
 * the judges' on-disk reply cache unless model option {@code cache=false}. The text returned is the
 * answer after the model's reasoning ({@link ReplyParts}); a refusal or an answer cut off at the token
 * limit is thrown as {@link org.omnireward.core.RefusedException} or {@link
 * org.omnireward.core.TruncatedOutputException}. Thread-safe.
 */
public final class TextChat implements AutoCloseable {

    /** Frames sent per input video. */
    public static final int VIDEO_FRAMES = 8;

    private final String name;
    private final ChatBackend backend;
    private final ResponseCache cache;
    private final JudgeMediaEncoder media;

    TextChat(String name, ChatBackend backend, ResponseCache cache, JudgeMediaEncoder media) {
        this.name = Objects.requireNonNull(name, "name");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.cache = cache;
        this.media = media;
    }

    /**
     * Opens {@code spec} ({@code openai:MODEL} or {@code anthropic:MODEL} with its options, validated
     * as for a judge).
     *
     * @throws InvalidInputException for other providers or bad options
     */
    public static TextChat open(ModelSpec spec) {
        RewardModelProvider provider = RewardModels.provider(spec.provider());
        RewardModels.validateOptions(provider, spec);
        ChatBackend backend = switch (spec.provider()) {
            case "openai" -> OpenAiJudgeProvider.backend(spec, System::getenv);
            case "anthropic" -> AnthropicJudgeProvider.backend(spec, System::getenv);
            default ->
                throw new InvalidInputException("model '" + spec.provider() + "' cannot write free text;"
                        + " a teacher must be openai:MODEL or anthropic:MODEL");
        };
        ResponseCache cache =
                spec.booleanOption("cache", true) ? new ResponseCache(ResponseCache.defaultDirectory()) : null;
        return new TextChat(
                spec.provider() + ":" + spec.argument().trim(), backend, cache, JudgeMediaEncoder.standard());
    }

    /** For tests: a chat over a given backend, no cache, the standard encoder. */
    public static TextChat over(String name, ChatBackend backend) {
        return new TextChat(name, backend, null, JudgeMediaEncoder.standard());
    }

    /** The model, e.g. {@code openai:gpt-4o}. */
    public String name() {
        return name;
    }

    /**
     * The reply to {@code system} and a user message made of {@code media} (first) and {@code user}.
     * Transport failures are thrown as the toolkit's exceptions (retriable or not), never retried here.
     */
    public ChatBackend.Reply reply(String system, String user, List<MediaRef> inputs) {
        Conversation.Builder b = new Conversation.Builder();
        for (MediaRef m : inputs) {
            if (m.modality() == Modality.IMAGE || m.modality() == Modality.THREE_D) {
                b.part(new Conversation.Image(media.imageDataUri(m)));
            } else if (m.modality() == Modality.VIDEO) {
                for (String f : media.videoFrameDataUris(m, VIDEO_FRAMES)) {
                    b.part(new Conversation.Image(f));
                }
            }
        }
        b.text(user);
        Conversation c = new Conversation(system, new ArrayList<>(b.build()));
        String key = cache == null ? null : ResponseCache.key(backend.cacheIdentity(), c);
        if (cache != null) {
            var hit = cache.get(key);
            if (hit.isPresent()) {
                return answer(hit.get(), new org.omnireward.core.Usage(0, 0));
            }
        }
        ChatBackend.Reply r = backend.chat(c);
        ChatBackend.Reply answer = answer(r, r.usage());
        if (cache != null && !answer.text().isBlank()) {
            cache.put(key, r);
        }
        return answer;
    }

    /** The answer after the reasoning, with the reply's reasoning and finish reason. */
    private static ChatBackend.Reply answer(ChatBackend.Reply r, org.omnireward.core.Usage usage) {
        ReplyParts parts = ReplyParts.of(r);
        return new ChatBackend.Reply(
                parts.answer().strip(),
                usage,
                parts.reasoning().isEmpty() ? null : parts.reasoning(),
                r.finishReason(),
                null);
    }

    @Override
    public void close() {
        backend.close();
    }
}
