package org.omnireward.cli;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnireward.core.util.Json;

/**
 * Replies of a scripted chat server for {@code data synthesize} tests: a teacher that writes a
 * criterion quoting one response ("Prefer the answer that says '…'"), and a verifier that picks the
 * position where the quoted text stands, so a criterion is confirmed exactly when it quotes the side
 * the teacher was asked to favour.
 */
final class ScriptedSynthesisChat {

    private static final Pattern QUOTED = Pattern.compile("says '([^']*)'");

    private ScriptedSynthesisChat() {}

    /** Whether the system message is the teacher's. */
    static boolean isTeacher(String system) {
        return system.startsWith("You write evaluation criteria");
    }

    /** The letter ("A" or "B") of the response the teacher is asked to favour. */
    static String favouredLetter(String teacherUser) {
        return teacherUser
                .substring(teacherUser.lastIndexOf("under which Response ") + 21)
                .substring(0, 1);
    }

    /** The text of response {@code letter} in the teacher's message. */
    static String response(String teacherUser, String letter) {
        int s = teacherUser.indexOf("[[RESPONSE " + letter + "]]\n") + 15;
        return teacherUser.substring(s, teacherUser.indexOf("\n[[END OF RESPONSE " + letter + "]]"));
    }

    /** A teacher reply whose criterion quotes {@code text}. */
    static String criterionQuoting(String text) {
        return "[[CRITERION]] Prefer the answer that says '" + text + "'. [[END]]";
    }

    /** The verifier's reply: the position (A or B) holding the text the criterion quotes. */
    static String verdict(String system, String user) {
        Matcher m = QUOTED.matcher(system + user);
        String quoted = m.find() ? m.group(1) : "?";
        String all = system + "\n" + user;
        int a = all.indexOf("[[RESPONSE A]]");
        int b = all.indexOf("[[RESPONSE B]]");
        int q = all.indexOf("\n" + quoted + "\n", Math.min(a, b));
        return "Checked the criterion.\n" + (q > a && (q < b || b < a) ? "[[A]]" : "[[B]]");
    }

    /** A chat-completions response body carrying {@code answer}, with token usage 30 in / 6 out. */
    static byte[] completion(String answer) {
        return ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(answer)
                        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":6,"
                        + "\"total_tokens\":36}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
