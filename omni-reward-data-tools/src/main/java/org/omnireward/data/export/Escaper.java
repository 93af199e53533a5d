package org.omnireward.data.export;

import org.omnireward.data.read.MediaPlaceholders;

/** Escapes literal placeholders in the texts of one row and remembers whether it had to. */
final class Escaper {

    private boolean escaped;

    String text(String s) {
        String e = MediaPlaceholders.escape(s);
        if (!e.equals(s)) {
            escaped = true;
        }
        return e;
    }

    boolean escaped() {
        return escaped;
    }
}
