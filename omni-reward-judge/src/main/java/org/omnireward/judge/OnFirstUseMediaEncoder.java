package org.omnireward.judge;

import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;

/**
 * A process-wide {@link PreparedMediaEncoder} made when the first medium arrives. This class names no
 * media type, so loading it (every judge and teacher does) loads neither the media module nor FFmpeg;
 * the preparer lives in a holder class that the JVM initialises on the first medium.
 */
final class OnFirstUseMediaEncoder implements JudgeMediaEncoder {

    static final OnFirstUseMediaEncoder STANDARD = new OnFirstUseMediaEncoder(false);
    static final OnFirstUseMediaEncoder ORIGINAL_SIZE = new OnFirstUseMediaEncoder(true);

    private final boolean originalSize;

    private OnFirstUseMediaEncoder(boolean originalSize) {
        this.originalSize = originalSize;
    }

    private JudgeMediaEncoder encoder() {
        try {
            return originalSize ? OriginalSize.ENCODER : Standard.ENCODER;
        } catch (NoClassDefFoundError e) {
            throw new InvalidInputException(
                    "this judge was given a medium but omni-reward-media is not on the class path;"
                            + " add it (org.omnireward:omni-reward-media) to send images, video or audio",
                    e);
        }
    }

    @Override
    public String imageDataUri(MediaRef image) {
        return encoder().imageDataUri(image);
    }

    @Override
    public List<String> videoFrameDataUris(MediaRef video, int count) {
        return encoder().videoFrameDataUris(video, count);
    }

    @Override
    public String videoDataUri(MediaRef video) {
        return encoder().videoDataUri(video);
    }

    @Override
    public String audioWavBase64(MediaRef audio) {
        return encoder().audioWavBase64(audio);
    }

    @Override
    public String joinedAudioWavBase64(MediaRef first, MediaRef second) {
        return encoder().joinedAudioWavBase64(first, second);
    }

    /** The preparer of {@link JudgeMediaEncoder#standard()}, made when first needed. */
    private static final class Standard {
        static final JudgeMediaEncoder ENCODER = PreparedMediaEncoder.standard();
    }

    /** The preparer of {@link JudgeMediaEncoder#originalSize()}, made when first needed. */
    private static final class OriginalSize {
        static final JudgeMediaEncoder ENCODER = PreparedMediaEncoder.originalSize();
    }
}
