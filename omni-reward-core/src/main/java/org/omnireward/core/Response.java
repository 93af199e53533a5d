package org.omnireward.core;

import java.util.Objects;
import java.util.Optional;

/** One candidate response: text (understanding tasks) or a media item (generation tasks). */
public final class Response {

    private final String text;
    private final MediaRef media;

    private Response(String text, MediaRef media) {
        this.text = text;
        this.media = media;
    }

    /** A text response. Empty text is allowed here; loaders decide whether it is valid. */
    public static Response text(String text) {
        return new Response(Objects.requireNonNull(text, "text"), null);
    }

    /** A media response. */
    public static Response media(MediaRef media) {
        return new Response(null, Objects.requireNonNull(media, "media"));
    }

    public boolean isText() {
        return text != null;
    }

    /** The modality of this response. */
    public Modality modality() {
        return text != null ? Modality.TEXT : media.modality();
    }

    /** The text, for a text response. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The media, for a media response. */
    public Optional<MediaRef> media() {
        return Optional.ofNullable(media);
    }

    /** The text; throws when this is a media response. */
    public String requireText() {
        if (text == null) {
            throw new InvalidInputException(
                    "expected a text response but got " + media.modality().wireName());
        }
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Response r && Objects.equals(r.text, text) && Objects.equals(r.media, media);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, media);
    }

    @Override
    public String toString() {
        if (text != null) {
            return text.length() > 60 ? "text:\"" + text.substring(0, 57) + "...\"" : "text:\"" + text + "\"";
        }
        return media.toString();
    }
}
