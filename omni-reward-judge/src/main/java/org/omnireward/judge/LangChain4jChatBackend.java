package org.omnireward.judge;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.Usage;

/**
 * What every {@link ChatBackend} over a LangChain4j {@link ChatModel} shares: one system and one user
 * message per conversation, the vendor's failures mapped onto the project's exceptions by {@link
 * RemoteFailures} (the key never in a message), and the token usage read back. A subclass says how
 * the conversation's parts become the vendor's content types, and builds the chat model (HTTP/1.1
 * through {@link Http11ClientBuilder}, LangChain4j's own retries off).
 */
abstract class LangChain4jChatBackend implements ChatBackend {

    private final ChatModel chat;
    private final String endpoint;
    private final String apiKey;
    private final String keyHint;
    private final Duration timeout;

    /**
     * @param endpoint how errors name the endpoint, e.g. {@code chat endpoint http://… (model m)}
     * @param apiKey the key, or null; used only to keep it out of error messages
     * @param keyHint how the key was chosen, for authentication errors (never the key itself)
     */
    LangChain4jChatBackend(ChatModel chat, String endpoint, String apiKey, String keyHint, Duration timeout) {
        this.chat = Objects.requireNonNull(chat, "chat");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.apiKey = apiKey;
        this.keyHint = keyHint == null ? "" : keyHint;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The conversation's user parts as the vendor's content types, in order. */
    abstract List<Content> contents(Conversation conversation);

    @Override
    public final Reply chat(Conversation conversation) {
        List<ChatMessage> messages = List.of(SystemMessage.from(conversation.system()),
                UserMessage.from(contents(conversation)));
        ChatResponse r;
        try {
            r = chat.chat(ChatRequest.builder().messages(messages).build());
        } catch (RuntimeException e) {
            throw RemoteFailures.map(e, endpoint, timeout, apiKey, keyHint, Clock.systemUTC());
        }
        String text = r.aiMessage() == null ? null : r.aiMessage().text();
        return new Reply(text, usage(r.tokenUsage()));
    }

    static Usage usage(TokenUsage u) {
        if (u == null) {
            return Usage.UNKNOWN;
        }
        return new Usage(u.inputTokenCount() == null ? -1 : u.inputTokenCount(),
                u.outputTokenCount() == null ? -1 : u.outputTokenCount());
    }

    /** A {@code data:<mime>;base64,<data>} URI taken apart. */
    record DataUri(String mimeType, String base64) {
        static DataUri parse(String uri) {
            int comma = uri.indexOf(',');
            String head = comma < 0 ? "" : uri.substring(0, comma);
            if (!uri.startsWith("data:") || !head.endsWith(";base64")) {
                throw new IllegalArgumentException("not a base64 data URI: "
                        + (uri.length() > 40 ? uri.substring(0, 40) + "…" : uri));
            }
            return new DataUri(head.substring(5, head.length() - 7), uri.substring(comma + 1));
        }
    }
}
