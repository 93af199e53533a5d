package org.omnireward.media;

import java.util.Objects;

/**
 * What {@link AudioDecoder} returns: the decoded mono clip and what the source was.
 *
 * @param clip the decoded audio, mono, at the sample rate that was asked for
 * @param name the file or media name, as used in error messages
 * @param container FFmpeg's name for the container format, e.g. {@code wav}, {@code mp3},
 *     {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param codec FFmpeg's name for the audio codec, e.g. {@code pcm_s16le}, {@code mp3}, {@code aac}
 * @param sourceSampleRate the sample rate of the audio stream before resampling
 * @param sourceChannels the channel count before the mix-down to mono
 * @param truncated true when the source is longer than the duration cap and only its start was read
 */
public record DecodedAudio(
        AudioClip clip,
        String name,
        String container,
        String codec,
        int sourceSampleRate,
        int sourceChannels,
        boolean truncated) {

    public DecodedAudio {
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(codec, "codec");
    }

    /** Length of the decoded clip in seconds (at most the cap when {@link #truncated()}). */
    public double durationSeconds() {
        return clip.durationSeconds();
    }
}
