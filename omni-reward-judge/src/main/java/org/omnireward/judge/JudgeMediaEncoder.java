package org.omnireward.judge;

import java.util.List;
import org.omnireward.core.MediaRef;

/**
 * Turns media into what a chat API takes: images and video frames as JPEG data URIs, audio as base64
 * WAV (16 kHz mono), whole videos as data URIs. The one seam between the judge and media decoding,
 * so the judge can switch to the media module's shared preparation in one place.
 *
 * <p>Implementations throw {@link org.omnireward.core.InvalidInputException} naming the media when
 * it cannot be read or decoded; they must be thread-safe.
 */
public interface JudgeMediaEncoder {

    /**
     * The encoder the providers use: the media module's shared preparation ({@link
     * PreparedMediaEncoder} over one process-wide {@code MediaPreparer}, so its cache of prepared
     * media serves every judge).
     */
    static JudgeMediaEncoder standard() {
        return Shared.ENCODER;
    }

    /**
     * The encoder of {@code layout=authors}: images and frames at their original size (up to 16,384 px
     * on the longest side) and JPEG quality 0.75, as the authors' evaluation code sends them (PIL's
     * default JPEG encoding, no resizing); one process-wide instance.
     */
    static JudgeMediaEncoder originalSize() {
        return Shared.ORIGINAL_SIZE;
    }

    /** {@code data:image/jpeg;base64,…} of an image (or of a 3D object's render image). */
    String imageDataUri(MediaRef image);

    /** {@code count} frames sampled uniformly over the video, each a {@code data:image/jpeg;base64,…} URI, in time order. */
    List<String> videoFrameDataUris(MediaRef video, int count);

    /** The whole video file as a data URI ({@code data:video/mp4;base64,…}; the MIME type follows the extension). */
    String videoDataUri(MediaRef video);

    /** The clip decoded to 16 kHz mono and encoded as a WAV file, base64. */
    String audioWavBase64(MediaRef audio);

    /**
     * Two clips joined, {@code first} then {@code silenceSeconds} of silence then {@code second}, at
     * 16 kHz mono, as one WAV file, base64 (for judges that take a single audio input).
     */
    String joinedAudioWavBase64(MediaRef first, MediaRef second, double silenceSeconds);

    /** Holds the process-wide encoder, made on first use. */
    final class Shared {
        static final JudgeMediaEncoder ENCODER =
                new PreparedMediaEncoder(org.omnireward.media.prepare.MediaPreparer.withDefaults());
        static final JudgeMediaEncoder ORIGINAL_SIZE =
                new PreparedMediaEncoder(org.omnireward.media.prepare.MediaPreparer.builder()
                        .optLongestSide(16_384)
                        .optJpegQuality(0.75f)
                        .build());

        private Shared() {}
    }
}
