package org.omnireward.core;

import java.util.List;

/** Builds the canonical text that request content keys hash (length-prefixed, so fields cannot run together). */
final class RequestKeys {

    private RequestKeys() {}

    static void append(StringBuilder sb, Task task, String criteria, String prompt, List<MediaRef> inputs) {
        field(sb, task.id());
        field(sb, criteria);
        field(sb, prompt);
        field(sb, Integer.toString(inputs.size()));
        for (MediaRef m : inputs) {
            field(sb, m.contentKey());
        }
    }

    static void append(StringBuilder sb, Response r) {
        // "text:" and "media:" keep the two kinds apart (a text "sha256:<hex>" must not meet media of modality text)
        field(
                sb,
                r.isText()
                        ? "text:" + r.text().orElseThrow()
                        : "media:" + r.media().orElseThrow().contentKey());
    }

    private static void field(StringBuilder sb, String s) {
        sb.append(s.length()).append(':').append(s).append('\u0000');
    }
}
