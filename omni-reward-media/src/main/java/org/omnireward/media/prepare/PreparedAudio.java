package org.omnireward.media.prepare;

import java.util.Base64;
import java.util.Objects;

/**
 * Audio ready for a judge: a 16 kHz mono 16-bit PCM WAV file's bytes.
 *
 * <p>The byte array is shared (with the preparer's cache, too): do not modify it.
 *
 * @param wav the WAV bytes (RIFF header included)
 * @param seconds length of the audio
 * @param source what it was made from, for messages: the media name, or {@code "a + b"} for a concatenation
 */
public record PreparedAudio(byte[] wav, double seconds, String source) {

    /** The MIME type of {@link #wav()}. */
    public static final String MIME_TYPE = "audio/wav";
    /** The {@code format} value of an OpenAI {@code input_audio} part. */
    public static final String FORMAT = "wav";

    public PreparedAudio {
        Objects.requireNonNull(wav, "wav");
        Objects.requireNonNull(source, "source");
    }

    /** The WAV bytes in standard base64 (the {@code data} of an {@code input_audio} part). */
    public String base64() {
        return Base64.getEncoder().encodeToString(wav);
    }

    PreparedAudio withSource(String newSource) {
        return newSource.equals(source) ? this : new PreparedAudio(wav, seconds, newSource);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedAudio p
                && Double.compare(p.seconds, seconds) == 0
                && java.util.Arrays.equals(p.wav, wav)
                && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(wav), seconds, source);
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT, "PreparedAudio[%.3f s, %d bytes WAV, %s]", seconds, wav.length, source);
    }
}
