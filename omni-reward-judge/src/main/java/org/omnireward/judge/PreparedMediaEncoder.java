package org.omnireward.judge;

import java.util.List;
import java.util.Objects;
import org.omnireward.core.MediaRef;
import org.omnireward.media.prepare.MediaPreparer;
import org.omnireward.media.prepare.PreparedImage;

/**
 * {@link JudgeMediaEncoder} on the media module's shared preparation ({@link MediaPreparer}): every
 * image format it reads, EXIF orientation, transparency on white, scaling to a longest side of 1024,
 * frames sampled from any container FFmpeg reads, 16 kHz WAV, whole videos for {@code
 * video-mode=native}; guards against oversized, mislabelled, corrupt and endless media, and a bounded
 * cache keyed by content.
 */
public final class PreparedMediaEncoder implements JudgeMediaEncoder {

    private final MediaPreparer preparer;

    public PreparedMediaEncoder(MediaPreparer preparer) {
        this.preparer = Objects.requireNonNull(preparer, "preparer");
    }

    /** An encoder on a preparer with every default (longest side 1024, JPEG quality 0.9). */
    static PreparedMediaEncoder standard() {
        return new PreparedMediaEncoder(MediaPreparer.withDefaults());
    }

    /** An encoder keeping images at their size (up to 16,384 px) at JPEG quality 0.75: the authors' layout. */
    static PreparedMediaEncoder originalSize() {
        return new PreparedMediaEncoder(MediaPreparer.builder()
                .optLongestSide(16_384)
                .optJpegQuality(0.75f)
                .build());
    }

    @Override
    public String imageDataUri(MediaRef image) {
        return preparer.image(image).dataUri();
    }

    @Override
    public List<String> videoFrameDataUris(MediaRef video, int count) {
        return preparer.videoFrames(video, count).stream()
                .map(PreparedImage::dataUri)
                .toList();
    }

    @Override
    public String videoDataUri(MediaRef video) {
        return preparer.video(video).dataUri();
    }

    @Override
    public String audioWavBase64(MediaRef audio) {
        return preparer.audio(audio).base64();
    }

    @Override
    public String joinedAudioWavBase64(MediaRef first, MediaRef second) {
        return preparer.concat(preparer.audio(first), preparer.audio(second)).base64();
    }
}
