package org.omnireward.explore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.omnireward.core.util.Html;

/**
 * The one way the explorer writes HTML: pages are built as strings on the server, and every piece of text
 * that comes from a run, a data set, a label or a request goes through {@link #text} (the project's one
 * escaper, {@link Html}) or {@link #url} before it is placed in the page. Markup of our own is written as
 * literals. No page has an inline script, an inline style, or an event attribute, so the
 * Content-Security-Policy can forbid all three.
 */
final class Markup {

    private Markup() {}

    /** Untrusted text, safe in element content and in quoted attribute values. */
    static String text(String s) {
        return Html.escape(s);
    }

    /** A same-site URL with query parameters (null values left out), escaped for an attribute. */
    static String url(String path, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return Html.escape(sb.toString());
    }

    /** One path segment or query value, percent-encoded. */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An ordered parameter map: {@code params("a", x, "b", y)}. */
    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A shortened one-line excerpt of untrusted text, escaped. */
    static String excerpt(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return text(one.length() <= max ? one : one.substring(0, max - 1) + "…");
    }

    /** A whole page: header navigation, title, body; one style sheet and one script, both from the jar. */
    static String page(String title, String nav, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>" + text(title) + " · omni-reward explore</title>\n"
                + "<link rel=\"stylesheet\" href=\"/assets/app.css\">\n"
                + "<script type=\"module\" src=\"/assets/app.js\"></script>\n"
                + "</head>\n<body>\n<header><a class=\"brand\" href=\"/\">omni-reward explore</a>" + nav + "</header>\n"
                + "<main>\n" + body + "</main>\n</body>\n</html>\n";
    }
}
