package org.omnireward.runtime.endpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.InvalidInputException;

/**
 * Reads where a model is served: one base URL, a comma-separated list of them (the replicas of one
 * server), or the path of a text file with one URL per line ({@code #} starts a comment; blank lines
 * are skipped; a {@code #} after white space ends a line's URL). A value that does not start with {@code http://} or {@code https://} is read as a file.
 */
public final class EndpointList {

    private EndpointList() {}

    /**
     * The endpoints {@code value} names.
     *
     * @param what how messages name the value, e.g. {@code model option base-url}
     * @throws InvalidInputException for an empty list, a malformed URL (the file and line named), a
     *     missing file, or the same URL twice; messages never repeat credentials
     */
    public static List<EndpointUrl> parse(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(what
                    + " is empty; expected an http(s) URL, a comma-separated list of them, " + "or a file of URLs");
        }
        String v = value.strip();
        List<EndpointUrl> out = new ArrayList<>();
        if (startsWithScheme(v)) {
            int i = 0;
            for (String part : v.split(",")) {
                i++;
                if (part.isBlank()) {
                    throw new InvalidInputException(what + ": entry " + i + " of the comma-separated list is empty");
                }
                out.add(EndpointUrl.parse(part, what + " (entry " + i + ")"));
            }
        } else {
            Path file = Path.of(v.startsWith("@") ? v.substring(1) : v);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(what + " must be an http:// or https:// URL, a comma-separated list of "
                        + "them, or a file of URLs; '" + Credentials.maskUrls(v) + "' is none of these (no such file)");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
            }
            for (int n = 0; n < lines.size(); n++) {
                String url = lines.get(n).strip();
                java.util.regex.Matcher comment =
                        java.util.regex.Pattern.compile("\\s#").matcher(url);
                if (comment.find()) {
                    url = url.substring(0, comment.start()).strip(); // "URL   # note"
                }
                if (url.startsWith("#") || url.isEmpty()) {
                    continue;
                }
                out.add(EndpointUrl.parse(url, what + " file " + file + ", line " + (n + 1)));
            }
            if (out.isEmpty()) {
                throw new InvalidInputException(what + " file " + file + " lists no URL");
            }
        }
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (out.get(i).equals(out.get(j))) {
                    throw new InvalidInputException(
                            what + " names " + out.get(i).display() + " twice");
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean startsWithScheme(String v) {
        String l = v.toLowerCase(java.util.Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }
}
