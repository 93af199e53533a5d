package org.omnireward.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.util.Sha256;

/**
 * What a judge sends to a chat model, independent of any vendor's API: a system text and one user
 * message made of text and media parts in the order the prompt template placed them. Backends
 * translate it to their SDK; the response cache keys on {@link #fingerprint()}.
 *
 * @param system the system message (role, criterion, verdict rules)
 * @param user the user message's parts; adjacent texts are already merged
 */
public record Conversation(String system, List<Part> user) {

    public Conversation {
        Objects.requireNonNull(system, "system");
        user = List.copyOf(user);
    }

    /** One part of the user message. */
    public sealed interface Part permits Text, Image, Audio, Video {}

    /** Plain text. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An image (or a video frame) as a {@code data:image/jpeg;base64,…} URI. */
    public record Image(String dataUri) implements Part {
        public Image {
            Objects.requireNonNull(dataUri, "dataUri");
        }
    }

    /** An audio clip: base64 bytes and the format name the API expects ({@code wav}). */
    public record Audio(String base64, String format) implements Part {
        public Audio {
            Objects.requireNonNull(base64, "base64");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * A whole video as a {@code data:video/mp4;base64,…} URI ({@code video-mode=native}), or sampled
     * frames as vLLM's frame list {@code data:video/jpeg;base64,<frame 1>,<frame 2>,…} ({@code
     * video-mode=frame-list}).
     */
    public record Video(String dataUri) implements Part {
        public Video {
            Objects.requireNonNull(dataUri, "dataUri");
        }
    }

    /** The characters of a part's content (text, data URI or base64), for sizing buffers. */
    static int length(Part p) {
        if (p instanceof Text t) {
            return t.text().length();
        }
        if (p instanceof Image i) {
            return i.dataUri().length();
        }
        if (p instanceof Audio a) {
            return a.base64().length();
        }
        return ((Video) p).dataUri().length();
    }

    /** The user message's text parts joined, for tests and debugging. */
    public String userText() {
        StringBuilder sb = new StringBuilder();
        for (Part p : user) {
            if (p instanceof Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** A SHA-256 hex over every part (type and content), equal for equal conversations. */
    public String fingerprint() {
        java.security.MessageDigest md = Sha256.newDigest();
        update(md, "system", system);
        for (Part p : user) {
            if (p instanceof Text t) {
                update(md, "text", t.text());
            } else if (p instanceof Image i) {
                update(md, "image", i.dataUri());
            } else if (p instanceof Audio a) {
                update(md, "audio/" + a.format(), a.base64());
            } else if (p instanceof Video v) {
                update(md, "video", v.dataUri());
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static void update(java.security.MessageDigest md, String kind, String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        md.update(kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(java.nio.ByteBuffer.allocate(8).putLong(bytes.length).array());
        md.update(bytes);
    }

    /** Builds a user message, merging adjacent texts. */
    static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        Builder text(String text) {
            if (text.isEmpty()) {
                return this;
            }
            if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Text last) {
                parts.set(parts.size() - 1, new Text(last.text() + text));
            } else {
                parts.add(new Text(text));
            }
            return this;
        }

        Builder part(Part p) {
            if (p instanceof Text t) {
                return text(t.text());
            }
            parts.add(p);
            return this;
        }

        List<Part> build() {
            return List.copyOf(parts);
        }
    }
}
