package org.omnireward.media.prepare;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Samples frames uniformly from a video with FFmpeg (JavaCV): accurate seeks ({@code setVideoTimestamp}
 * then {@code grabImage}), each frame copied out of FFmpeg's buffer before the next grab, scaled by
 * FFmpeg's swscale (area filter) when larger than the longest side, and encoded as JPEG. When the
 * container states no duration (or only a bit-rate estimate), a demux-only pass over the packets finds
 * it. One grabber per call, closed on every path; runs on a {@link MediaPreparer} worker thread, which
 * checks {@code cancelled} between frames so a timed-out call stops and releases its decoder.
 */
final class VideoSampler {

    /** The media to read: a file, or bytes in memory. */
    record Source(String name, Path file, byte[] bytes) {}

    /** The settings that shape the output and the limits that refuse input. */
    record Settings(int longestSide, float quality, long maxPixels, double maxSeconds, boolean forwardDecoding) {}

    private VideoSampler() {}

    static List<PreparedImage> sample(Source src, String sourceName, int count, Settings s, AtomicBoolean cancelled)
            throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber g = open(src)) {
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            if (w <= 0 || h <= 0 || g.getVideoStream() < 0) {
                throw new CorruptMediaException(
                        src.name + " has no video stream (FFmpeg reads it as '" + g.getFormat() + "')");
            }
            long pixels = (long) w * h;
            if (pixels > s.maxPixels) {
                throw new MediaLimitException(
                        MediaLimitException.Limit.PIXELS,
                        String.format(
                                Locale.ROOT,
                                "%s has %dx%d = %,d pixel frames, over the limit of %,d pixels (optMaxPixels)",
                                src.name,
                                w,
                                h,
                                pixels,
                                s.maxPixels));
            }
            double duration = statedDuration(g);
            if (!(duration > 0)) {
                duration = scanDuration(src, cancelled);
            }
            if (!(duration > 0)) {
                throw new CorruptMediaException(
                        src.name + " holds no video frames with timestamps (FFmpeg reads it as '" + g.getFormat()
                                + "'); the file is empty, truncated or corrupt");
            }
            if (duration > s.maxSeconds) {
                throw new MediaLimitException(
                        MediaLimitException.Limit.DURATION,
                        String.format(
                                Locale.ROOT,
                                "%s lasts %.1f s, over the limit of %.0f s (optMaxDuration)",
                                src.name,
                                duration,
                                s.maxSeconds));
            }
            double scale = Math.min(1.0, s.longestSide / (double) Math.max(w, h));
            if (scale < 1.0) { // let swscale shrink the frame while it converts to BGR
                g.setImageWidth(Math.max(2, (int) Math.round(w * scale)));
                g.setImageHeight(Math.max(2, (int) Math.round(h * scale)));
            }
            List<PreparedImage> out = new ArrayList<>(count);
            Cursor cursor = new Cursor(g, s.forwardDecoding);
            for (int i = 0; i < count; i++) {
                if (cancelled.get()) {
                    throw new MediaTimeoutException("sampling " + src.name + " was stopped after " + i + " frames");
                }
                double t = (i + 0.5) * duration / count;
                BufferedImage img = cursor.frameAt(src.name, t, duration);
                if (Math.max(img.getWidth(), img.getHeight()) > s.longestSide) {
                    img = ImagePipeline.flattenAndFit(img, s.longestSide);
                }
                out.add(new PreparedImage(
                        ImagePipeline.encodeJpeg(img, s.quality),
                        img.getWidth(),
                        img.getHeight(),
                        String.format(Locale.ROOT, "%s@%.2fs", sourceName, t)));
            }
            return out;
        }
    }

    private static FFmpegFrameGrabber open(Source src) {
        FFmpegFrameGrabber g = src.file != null
                ? new FFmpegFrameGrabber(src.file.toFile())
                : new FFmpegFrameGrabber(new ByteArrayInputStream(src.bytes), src.bytes.length);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        g.setImageScalingFlags(swscale.SWS_AREA);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new CorruptMediaException(
                    src.name + " cannot be opened as video: FFmpeg does not recognise it"
                            + " (unknown format, damaged or truncated header): " + clean(e.getMessage()),
                    e);
        }
        return g;
    }

    /**
     * The duration the container or the video stream states, in seconds; NaN when neither states one
     * or FFmpeg only estimated it from the bit rate.
     */
    private static double statedDuration(FFmpegFrameGrabber g) {
        AVFormatContext oc = g.getFormatContext();
        if (oc.duration_estimation_method() == avformat.AVFMT_DURATION_FROM_BITRATE) {
            return Double.NaN;
        }
        if (oc.duration() != avutil.AV_NOPTS_VALUE && oc.duration() > 0) {
            return oc.duration() / (double) avutil.AV_TIME_BASE;
        }
        AVStream st = oc.streams(g.getVideoStream());
        if (st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0) {
            return st.duration() * avutil.av_q2d(st.time_base());
        }
        return Double.NaN;
    }

    /** The video stream's length found by reading every packet (no decoding): last end minus first start. */
    static double scanDuration(Source src, AtomicBoolean cancelled) throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber g = open(src)) {
            AVFormatContext oc = g.getFormatContext();
            int vi = g.getVideoStream();
            AVStream st = oc.streams(vi);
            double tb = avutil.av_q2d(st.time_base());
            long first = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            AVPacket pkt = avcodec.av_packet_alloc();
            try {
                long n = 0;
                while (avformat.av_read_frame(oc, pkt) >= 0) {
                    if (pkt.stream_index() == vi) {
                        long ts = pkt.pts() != avutil.AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                        if (ts != avutil.AV_NOPTS_VALUE) {
                            first = Math.min(first, ts);
                            end = Math.max(end, ts + Math.max(0, pkt.duration()));
                        }
                    }
                    avcodec.av_packet_unref(pkt);
                    if ((++n & 255) == 0 && cancelled.get()) {
                        throw new MediaTimeoutException("measuring the length of " + src.name + " was stopped");
                    }
                }
            } finally {
                avcodec.av_packet_free(pkt);
            }
            return end > first ? (end - first) * tb : Double.NaN;
        }
    }

    /**
     * Where the decoder stands in one clip, and the choice for each next frame: decode forward from
     * here, or seek. A seek restarts decoding at the last keyframe before the target; when that keyframe
     * is not after the current position (a clip with few keyframes: many real MP4s have one), decoding
     * forward reaches the same frame with less work. Either way the frame returned is the one shown at
     * the target time (the first whose display interval ends after it), as JavaCV's accurate seek picks.
     */
    private static final class Cursor {
        /** Without a keyframe index, decode forward across at most this gap instead of seeking. */
        private static final double UNINDEXED_FORWARD_LIMIT_US = 2_000_000;

        private final FFmpegFrameGrabber g;
        private final boolean forwardAllowed;
        private final AVStream st;
        private final double timeBase;
        private final double frameUs;
        private final boolean indexed;
        private final long firstIndexPts;
        private final long startUs;
        /** Timestamp (µs, JavaCV's scale) of the last frame decoded; MIN_VALUE before the first. */
        private long lastUs = Long.MIN_VALUE;
        /** Whether decoding is still at the start of the file (nothing decoded, no seek made). */
        private boolean atStart = true;

        Cursor(FFmpegFrameGrabber g, boolean forwardAllowed) {
            this.g = g;
            this.forwardAllowed = forwardAllowed;
            this.st = g.getFormatContext().streams(g.getVideoStream());
            this.timeBase = avutil.av_q2d(st.time_base());
            this.frameUs = 1e6 / (g.getFrameRate() > 0 ? g.getFrameRate() : 25);
            int entries = avformat.avformat_index_get_entries_count(st);
            this.indexed = entries > 0;
            this.firstIndexPts =
                    indexed ? avformat.avformat_index_get_entry(st, 0).timestamp() : 0;
            long start = g.getFormatContext().start_time();
            this.startUs = start != avutil.AV_NOPTS_VALUE ? start : 0;
        }

        BufferedImage frameAt(String name, double t, double duration) {
            long targetUs = Math.round(t * 1e6);
            Frame f = null;
            if (forwardAllowed && forwardIsCheaper(targetUs)) {
                f = forward(name, t, targetUs);
            }
            if (f == null) {
                f = seekAndGrab(name, t);
            }
            if (f == null) { // past the last frame (a stated duration a little longer than the frames): step back
                f = seekAndGrab(name, Math.max(0, t - 2 * frameUs / 1e6));
            }
            if (f == null) {
                throw new CorruptMediaException(String.format(
                        Locale.ROOT,
                        "%s has no frame at %.2f s of its %.2f s;" + " the file is truncated or corrupt",
                        name,
                        t,
                        duration));
            }
            return toImage(f, name);
        }

        private boolean forwardIsCheaper(long targetUs) {
            if (!atStart && (lastUs == Long.MIN_VALUE || targetUs <= lastUs)) {
                return false;
            }
            if (!indexed) {
                return targetUs - (atStart ? 0 : lastUs) <= UNINDEXED_FORWARD_LIMIT_US;
            }
            long targetPts = Math.round(targetUs / 1e6 / timeBase) + startPts();
            int idx = avformat.av_index_search_timestamp(st, targetPts, avformat.AVSEEK_FLAG_BACKWARD);
            if (idx < 0) {
                return atStart;
            }
            long keyframePts = avformat.avformat_index_get_entry(st, idx).timestamp();
            long herePts = atStart ? firstIndexPts : Math.round(lastUs / 1e6 / timeBase);
            return keyframePts <= herePts;
        }

        private long startPts() {
            return st.start_time() != avutil.AV_NOPTS_VALUE ? st.start_time() : 0;
        }

        /**
         * Decodes forward to the frame shown at the target; frames are converted only when they may be
         * that frame. Null when the clip ends first, or (rare: irregular timestamps) the frame was reached
         * unconverted: the caller then seeks.
         */
        private Frame forward(String name, double t, long targetUs) {
            try {
                while (true) {
                    boolean convert = lastUs != Long.MIN_VALUE && targetUs - lastUs <= 2 * frameUs;
                    Frame f = g.grabFrame(false, true, convert, false, false);
                    atStart = false;
                    if (f == null) {
                        lastUs = Long.MIN_VALUE;
                        return null;
                    }
                    lastUs = f.timestamp;
                    if (snapped(f.timestamp) + frameUs > targetUs) {
                        return convert ? f : null;
                    }
                }
            } catch (FrameGrabber.Exception e) {
                throw new CorruptMediaException(
                        String.format(
                                Locale.ROOT, "decoding %s up to %.2f s failed: %s", name, t, clean(e.getMessage())),
                        e);
            }
        }

        /**
         * The frame time snapped to the frame-rate grid when within 0.2 frames of it: the same arithmetic
         * as JavaCV's accurate seek, so that a target exactly on a frame boundary picks the same frame.
         */
        private double snapped(long timestampUs) {
            double start = startUs;
            double n = (timestampUs - start) / frameUs;
            double delta = n - Math.round(n);
            if (Math.abs(delta) > 0.2) {
                delta = 0;
            }
            return timestampUs - delta * frameUs;
        }

        private Frame seekAndGrab(String name, double t) {
            try {
                g.setVideoTimestamp(Math.round(t * 1e6));
                Frame f = g.grabImage();
                atStart = false;
                lastUs = f == null ? Long.MIN_VALUE : f.timestamp;
                return f;
            } catch (FrameGrabber.Exception e) {
                throw new CorruptMediaException(
                        String.format(Locale.ROOT, "decoding %s at %.2f s failed: %s", name, t, clean(e.getMessage())),
                        e);
            }
        }
    }

    /**
     * Copies a BGR24 frame, honouring the row stride, into a new {@code TYPE_3BYTE_BGR} image. The
     * frame's channel count is not trusted: JavaCV derives it from the row stride, which padding can
     * make 4 (BGR24 was asked for, so it is 3).
     */
    private static BufferedImage toImage(Frame f, String name) {
        if (f.image == null
                || f.image.length == 0
                || !(f.image[0] instanceof ByteBuffer buf)
                || f.imageDepth != Frame.DEPTH_UBYTE
                || f.imageWidth <= 0
                || f.imageHeight <= 0) {
            throw new CorruptMediaException(name + " has a frame that cannot be converted to an image");
        }
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        int row = w * 3;
        if (stride < row || buf.limit() < (long) stride * (h - 1) + row) {
            throw new CorruptMediaException(name + " has a frame with an unexpected memory layout (" + w + "x" + h
                    + ", row stride " + stride + ")");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            buf.get(y * stride, dst, y * row, row);
        }
        return img;
    }

    static String clean(String message) {
        if (message == null) {
            return "unknown FFmpeg error";
        }
        int cut = message.indexOf(" (Has setFormat() been called?)");
        if (cut < 0) {
            cut = message.indexOf(" (For more details");
        }
        return cut >= 0 ? message.substring(0, cut) : message;
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception ignored) {
            // the open failure is what the caller needs to see
        }
    }
}
