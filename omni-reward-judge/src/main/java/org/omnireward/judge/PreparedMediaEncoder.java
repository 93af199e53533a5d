package org.omnireward.judge;

import java.util.List;
import java.util.Objects;
import org.omnireward.core.MediaRef;
import org.omnireward.media.prepare.MediaPreparer;

/**
 * {@link JudgeMediaEncoder} on the media module's shared preparation ({@link MediaPreparer}): every
 * image format it reads, EXIF orientation, transparency on white, scaling to a longest side of 1024,
 * guards against oversized, mislabelled, corrupt and endless media, and a bounded cache keyed by
 * content. Whole videos ({@code video-mode=native}) and joins with a silence other than the
 * protocol's 1 s go through {@link MediaModuleEncoder}.
 */
public final class PreparedMediaEncoder implements JudgeMediaEncoder {

    private final MediaPreparer preparer;
    private final MediaModuleEncoder fallback = new MediaModuleEncoder();

    public PreparedMediaEncoder(MediaPreparer preparer) {
        this.preparer = Objects.requireNonNull(preparer, "preparer");
    }

    @Override
    public String imageDataUri(MediaRef image) {
        return preparer.image(image).dataUri();
    }

    @Override
    public List<String> videoFrameDataUris(MediaRef video, int count) {
        return preparer.videoFrames(video, count).stream().map(f -> f.dataUri()).toList();
    }

    @Override
    public String videoDataUri(MediaRef video) {
        return fallback.videoDataUri(video);
    }

    @Override
    public String audioWavBase64(MediaRef audio) {
        return preparer.audio(audio).base64();
    }

    @Override
    public String joinedAudioWavBase64(MediaRef first, MediaRef second, double silenceSeconds) {
        if (silenceSeconds != MediaPreparer.CONCAT_SILENCE_SECONDS) {
            return fallback.joinedAudioWavBase64(first, second, silenceSeconds);
        }
        return preparer.concat(preparer.audio(first), preparer.audio(second)).base64();
    }
}
