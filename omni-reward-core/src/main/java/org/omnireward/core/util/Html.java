package org.omnireward.core.util;

import org.omnireward.core.Internal;

/**
 * The one escaper for text placed in HTML and SVG documents (reports, training plots). Escapes the
 * five characters that matter in element content and in quoted attribute values, and replaces
 * control characters (not allowed in XML text, so they would make a page ill-formed) by U+FFFD.
 */
@Internal
public final class Html {

    private Html() {}

    /** {@code text} safe to place in element content or a quoted attribute; null becomes "". */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? "\uFFFD" : null;
            };
            if (rep != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
