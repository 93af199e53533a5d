package org.omnireward.data.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnireward.core.Modality;

/**
 * The {@code <image>}, {@code <video>} and {@code <audio>} placeholders of LLaMA-Factory-style chat
 * text, which trainers count against a record's media lists: finding them, removing them from a turn,
 * and escaping a literal one in a text so that a trainer does not count it.
 *
 * <p>An escaped placeholder carries a zero-width space after its {@code <} ({@code <\u200Bimage>}):
 * it reads the same, no trainer counts it, and {@link #unescape} restores it when a file is read back.
 */
public final class MediaPlaceholders {

    /** The character an escaped placeholder carries after its {@code <}. */
    public static final char ESCAPE = '\u200B';

    private static final Pattern TOKEN = Pattern.compile("<(image|video|audio)>");
    private static final Pattern ESCAPED = Pattern.compile("<\u200B(image|video|audio)>");

    private MediaPlaceholders() {}

    /** {@code <image>}, {@code <video>} or {@code <audio>}; 3D renders travel as images. */
    public static String of(Modality m) {
        return switch (m) {
            case IMAGE, THREE_D -> "<image>";
            case VIDEO -> "<video>";
            case AUDIO -> "<audio>";
            default -> throw new IllegalArgumentException("no placeholder for " + m);
        };
    }

    /** How many placeholders of {@code m}'s kind {@code text} holds. */
    public static int count(String text, Modality m) {
        String token = of(m);
        int n = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }

    /** Whether {@code text} holds any placeholder. */
    public static boolean any(String text) {
        return TOKEN.matcher(text).find();
    }

    /** {@code text} with every literal placeholder escaped, so trainers do not count it. */
    public static String escape(String text) {
        if (text.indexOf('<') < 0) {
            return text;
        }
        return TOKEN.matcher(text).replaceAll("<" + ESCAPE + "$1>");
    }

    /** The inverse of {@link #escape}. */
    public static String unescape(String text) {
        if (text.indexOf(ESCAPE) < 0) {
            return text;
        }
        return ESCAPED.matcher(text).replaceAll("<$1>");
    }

    /**
     * {@code text} without its placeholders. Placeholders that open the text may each be followed by one
     * space or line break, and placeholders that close it preceded by one, which go with them; every
     * other character stays, so a text written as {@code "<image>\n" + text} comes back exactly.
     */
    public static String strip(String text) {
        int start = 0;
        Matcher m = TOKEN.matcher(text);
        while (m.find(start) && m.start() == start) {
            start = m.end();
            if (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == ' ')) {
                start++;
            }
        }
        int end = text.length();
        boolean trimmed = true;
        while (trimmed && end > start) {
            trimmed = false;
            for (String token : new String[] {"<image>", "<video>", "<audio>"}) {
                if (text.startsWith(token, end - token.length()) && end - token.length() >= start) {
                    end -= token.length();
                    if (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == ' ')) {
                        end--;
                    }
                    trimmed = true;
                }
            }
        }
        return TOKEN.matcher(text.substring(start, end)).replaceAll("");
    }
}
