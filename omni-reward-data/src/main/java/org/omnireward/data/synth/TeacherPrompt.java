package org.omnireward.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;

/**
 * What the teacher is asked, and how its reply is read. The teacher sees the prompt and the two
 * responses as Response 1 and Response 2 (in an order the caller chose) and is told which one must
 * come out better; it answers {@code [[CRITERION]] … [[END]]} or {@code [[DECLINE]] … [[END]]}.
 */
public final class TeacherPrompt {

    /** The system text (our own wording). */
    public static final String SYSTEM = """
            You write evaluation criteria for preference data used to train reward models.
            You see a prompt and two candidate responses, and you are told which response must come out better.
            Write one criterion, one to three sentences phrased as an instruction (for example "Prefer the response \
            that ..."), under which that response is truly better than the other.
            The criterion must hold for these two responses as they are written, must be specific to this prompt, \
            must describe a quality rather than point at a response (never mention "Response 1", "Response 2", \
            "the first" or "the second"), and must not simply say "the better response".
            It may favour something other than overall quality (brevity, a style, a safety stance, a level of \
            detail, a format) as long as it is honest. If no honest criterion exists under which that response is \
            better, decline.
            Reply with exactly one of these, and nothing else:
            [[CRITERION]] your criterion [[END]]
            [[DECLINE]] a short reason [[END]]""";

    private static final Pattern CRITERION =
            Pattern.compile("\\[\\[CRITERION]]\\s*(.*?)\\s*(?:\\[\\[END]]|\\z)", Pattern.DOTALL);
    private static final Pattern DECLINE =
            Pattern.compile("\\[\\[DECLINE]]\\s*(.*?)\\s*(?:\\[\\[END]]|\\z)", Pattern.DOTALL);
    private static final Pattern NAMES_A_RESPONSE = Pattern.compile(
            "\\bresponse\\s*(?:1|2|one|two|a|b)\\b|\\b(?:first|second)\\s+(?:response|answer|one)\\b",
            Pattern.CASE_INSENSITIVE);

    /** What the teacher answered. */
    public sealed interface Reply permits Criterion, Declined, Unusable {}

    /** A criterion. */
    public record Criterion(String text) implements Reply {}

    /** The teacher found no honest criterion. */
    public record Declined(String reason) implements Reply {}

    /** A reply that is neither (no markers, both, blank, or a criterion that names a response). */
    public record Unusable(String why) implements Reply {}

    private TeacherPrompt() {}

    /**
     * The user message: the prompt, the responses in the given order, and which one must win.
     *
     * @param first the response shown as Response 1
     * @param second the response shown as Response 2
     * @param favourFirst whether Response 1 must come out better
     */
    public static String user(PreferencePair p, Response first, Response second, boolean favourFirst) {
        StringBuilder sb = new StringBuilder();
        if (!p.inputs().isEmpty()) {
            sb.append("The prompt comes with ")
                    .append(p.inputs().size())
                    .append(' ')
                    .append(p.inputs().get(0).modality().wireName())
                    .append(p.inputs().size() == 1 ? "" : "s")
                    .append(" (shown first).\n\n");
        }
        sb.append("[[PROMPT]]\n").append(p.prompt()).append("\n[[END OF PROMPT]]\n\n");
        appendResponse(sb, "1", first, p.inputs().size());
        appendResponse(sb, "2", second, p.inputs().size() + (first.isText() ? 0 : 1));
        sb.append("Write a criterion under which Response ")
                .append(favourFirst ? "1" : "2")
                .append(" is better than Response ")
                .append(favourFirst ? "2" : "1")
                .append('.');
        return sb.toString();
    }

    private static void appendResponse(StringBuilder sb, String n, Response r, int mediaBefore) {
        sb.append("[[RESPONSE ").append(n).append("]]\n");
        if (r.isText()) {
            sb.append(r.requireText());
        } else {
            sb.append("(the ")
                    .append(r.modality().wireName())
                    .append(" shown as attachment ")
                    .append(mediaBefore + 1)
                    .append(')');
        }
        sb.append("\n[[END OF RESPONSE ").append(n).append("]]\n\n");
    }

    /** The media the teacher sees: the inputs, then the media responses in the shown order. */
    public static List<MediaRef> media(PreferencePair p, Response first, Response second) {
        List<MediaRef> out = new ArrayList<>(p.inputs());
        first.media().ifPresent(out::add);
        second.media().ifPresent(out::add);
        return out;
    }

    /** Reads a teacher reply. */
    public static Reply parse(String reply) {
        String text = reply == null ? "" : reply.strip();
        Matcher c = CRITERION.matcher(text);
        Matcher d = DECLINE.matcher(text);
        boolean hasC = c.find();
        boolean hasD = d.find();
        if (hasC && hasD) {
            return new Unusable("the reply both gives a criterion and declines");
        }
        if (hasD) {
            return new Declined(d.group(1).strip());
        }
        if (!hasC) {
            return new Unusable("the reply has no [[CRITERION]] or [[DECLINE]] marker");
        }
        String crit = c.group(1).strip();
        if (crit.isEmpty()) {
            return new Unusable("the criterion is empty");
        }
        if (NAMES_A_RESPONSE.matcher(crit).find()) {
            return new Unusable("the criterion names a response by its position (\"" + shorten(crit) + "\")");
        }
        if (crit.length() > 2000) {
            return new Unusable("the criterion is " + crit.length() + " characters long (at most 2000)");
        }
        return new Criterion(crit);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
