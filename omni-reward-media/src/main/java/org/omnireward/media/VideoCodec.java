package org.omnireward.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Video encoders {@link Mp4Encoder} can use. The FFmpeg build JavaCV ships is LGPL (no libx264), but
 * it includes Cisco's OpenH264, so {@link #H264} is available and preferred: it is what real benchmark
 * clips use and what browsers and video-capable model APIs accept. {@link #MPEG4} (MPEG-4 Part 2,
 * built into libavcodec) is the fallback.
 */
public enum VideoCodec {
    /** H.264 through the {@code libopenh264} encoder. */
    H264("libopenh264"),
    /** MPEG-4 Part 2 through libavcodec's own {@code mpeg4} encoder. */
    MPEG4("mpeg4");

    private final String encoderName;

    VideoCodec(String encoderName) {
        this.encoderName = encoderName;
    }

    /** The FFmpeg encoder name. */
    public String encoderName() {
        return encoderName;
    }

    /** Whether the bundled FFmpeg has this encoder. */
    public boolean isAvailable() {
        Ffmpeg.init();
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(encoderName);
        return codec != null && !codec.isNull();
    }

    /** H.264 when the bundled FFmpeg can encode it, else MPEG-4 Part 2. */
    public static VideoCodec preferred() {
        return H264.isAvailable() ? H264 : MPEG4;
    }
}
