package org.omnireward.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.omnireward.data.read.SharegptRanking;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * The inverse of {@link SharegptRanking#render}: a prompt that is a chat transcript
 * ({@code User: …\n\nAssistant: …\n\nUser: …}) back into its turns, for exports that write chats. A
 * prompt that does not start with {@code User: } or has no {@code Assistant: } turn is one user turn.
 */
public final class Transcripts {

    private static final Pattern TURN_BREAK = Pattern.compile("\n\n(?=(?:User|Assistant): )");

    private Transcripts() {}

    /** The turns of {@code prompt}; the last is a user turn unless the transcript is malformed. */
    public static List<Turn> turns(String prompt) {
        if (!prompt.startsWith("User: ") || !prompt.contains("\n\nAssistant: ")) {
            return List.of(new Turn(Role.USER, prompt));
        }
        List<Turn> out = new ArrayList<>();
        for (String part : TURN_BREAK.split(prompt)) {
            if (part.startsWith("User: ")) {
                out.add(new Turn(Role.USER, part.substring(6)));
            } else if (part.startsWith("Assistant: ")) {
                out.add(new Turn(Role.ASSISTANT, part.substring(11)));
            } else {
                return List.of(new Turn(Role.USER, prompt));
            }
        }
        if (out.get(out.size() - 1).role() != Role.USER
                || !SharegptRanking.render(out, false).equals(prompt)) {
            return List.of(new Turn(Role.USER, prompt));
        }
        return out;
    }
}
