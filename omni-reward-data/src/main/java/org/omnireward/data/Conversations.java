package org.omnireward.data;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns chat turns into the single prompt text of a pair. One user turn is its text unchanged; a
 * longer history is a transcript {@code User: …\n\nAssistant: …\n\nUser: …} so the model sees the
 * context the last answer responds to. A leading system turn is not part of the prompt: the
 * readers use it as the criterion.
 */
final class Conversations {

    /** One turn; {@code role} is {@code user} or {@code assistant}. */
    record Turn(String role, String text) {
    }

    private Conversations() {
    }

    /** Normalises role names of sharegpt ({@code human}, {@code gpt}) and OpenAI style to user/assistant/system. */
    static String role(String raw) {
        String r = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "human", "user" -> "user";
            case "gpt", "assistant", "model" -> "assistant";
            case "system" -> "system";
            default -> r;
        };
    }

    /** The prompt text of the turns (system turns excluded by the caller). */
    static String render(List<Turn> turns) {
        if (turns.size() == 1) {
            return turns.get(0).text();
        }
        return turns.stream()
                .map(t -> (t.role().equals("assistant") ? "Assistant: " : "User: ") + t.text())
                .collect(Collectors.joining("\n\n"));
    }
}
