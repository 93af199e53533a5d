package org.omnireward.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.omnireward.core.InvalidInputException;

/**
 * Reads frames from video files (MP4, AVI, … anything FFmpeg decodes) as independent RGB images:
 * all frames of a short clip, the frame at a time, or frames sampled uniformly over the clip (how
 * judges see videos, protocol.md, "Evaluation protocol"). Seeks are frame-accurate ({@code setVideoTimestamp} then
 * {@code grabImage}). Each call opens and closes its own decoder, so calls are thread-safe.
 *
 * <p>Frames are converted from FFmpeg's BGR24 buffers here rather than with JavaCV's
 * {@code Java2DFrameConverter}, which takes padded rows for a fourth channel when the row padding
 * happens to equal the width (a 96-pixel-wide clip came back with garbled colours).
 */
public final class VideoFrames {

    /** {@link #readAll} refuses clips longer than this, to protect memory. */
    public static final int MAX_FRAMES_READ_ALL = 2_000;

    private VideoFrames() {}

    /** Reads the container's description of the video stream. */
    public static VideoInfo probe(Path file) throws IOException {
        try (Opened o = open(file)) {
            return o.info();
        }
    }

    /**
     * Decodes every frame of a short clip, in order.
     *
     * @throws InvalidInputException when the clip has more than {@link #MAX_FRAMES_READ_ALL} frames
     */
    public static List<BufferedImage> readAll(Path file) throws IOException {
        try (Opened o = open(file)) {
            List<BufferedImage> out = new ArrayList<>();
            Frame f;
            while ((f = o.grab()) != null) {
                if (out.size() == MAX_FRAMES_READ_ALL) {
                    throw new InvalidInputException("video " + file + " has more than " + MAX_FRAMES_READ_ALL
                            + " frames; use sampleUniformly or frameAt instead of readAll");
                }
                out.add(o.toImage(f));
            }
            return out;
        }
    }

    /**
     * The frame shown at {@code seconds} from the start.
     *
     * @throws InvalidInputException when the time is negative or no frame can be decoded there
     */
    public static BufferedImage frameAt(Path file, double seconds) throws IOException {
        if (!(seconds >= 0)) {
            throw new InvalidInputException("frame time must be >= 0 seconds, got " + seconds);
        }
        try (Opened o = open(file)) {
            return o.frameAt(seconds);
        }
    }

    /**
     * {@code count} frames at the centres of {@code count} equal slices of the clip (for a 10 s clip
     * and 5 frames: 1 s, 3 s, 5 s, 7 s, 9 s).
     */
    public static List<BufferedImage> sampleUniformly(Path file, int count) throws IOException {
        if (count < 1) {
            throw new InvalidInputException("frame count must be at least 1, got " + count);
        }
        try (Opened o = open(file)) {
            double duration = o.info().durationSeconds();
            if (!(duration > 0)) {
                throw new InvalidInputException(
                        "video " + file + " does not state its duration; cannot sample frames uniformly");
            }
            List<BufferedImage> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(o.frameAt((i + 0.5) * duration / count));
            }
            return out;
        }
    }

    private static Opened open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "video file not found");
        }
        Ffmpeg.init();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw new InvalidInputException("cannot decode video " + file + ": " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new InvalidInputException("file " + file + " has no video stream");
        }
        return new Opened(file, grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception ignored) {
            // the original failure is what the caller needs to see
        }
    }

    /** A started grabber; closes it. */
    private static final class Opened implements AutoCloseable {
        private final Path file;
        private final FFmpegFrameGrabber grabber;

        Opened(Path file, FFmpegFrameGrabber grabber) {
            this.file = file;
            this.grabber = grabber;
        }

        VideoInfo info() {
            return new VideoInfo(
                    grabber.getImageWidth(),
                    grabber.getImageHeight(),
                    grabber.getFrameRate(),
                    grabber.getLengthInVideoFrames(),
                    grabber.getLengthInTime() / 1e6,
                    grabber.getVideoCodecName());
        }

        Frame grab() throws IOException {
            try {
                return grabber.grabImage();
            } catch (FrameGrabber.Exception e) {
                throw new InvalidInputException("decoding video " + file + " failed: " + e.getMessage(), e);
            }
        }

        /** Copies a BGR24 frame into a new RGB image, honouring the row stride. */
        BufferedImage toImage(Frame f) {
            if (f.image == null
                    || f.image.length == 0
                    || !(f.image[0] instanceof ByteBuffer buf)
                    || f.imageDepth != Frame.DEPTH_UBYTE
                    || f.imageWidth <= 0
                    || f.imageHeight <= 0) {
                throw new InvalidInputException("video " + file + " has a frame that cannot be converted to an image");
            }
            int w = f.imageWidth;
            int h = f.imageHeight;
            int stride = f.imageStride;
            if (stride < w * 3 || buf.limit() < (long) stride * (h - 1) + w * 3L) {
                throw new InvalidInputException("video " + file + " has a frame with an unexpected memory layout (" + w
                        + "x" + h + ", row stride " + stride + ")");
            }
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                int at = y * stride;
                for (int x = 0; x < w; x++, at += 3) {
                    int b = buf.get(at) & 0xFF;
                    int g = buf.get(at + 1) & 0xFF;
                    int r = buf.get(at + 2) & 0xFF;
                    row[x] = r << 16 | g << 8 | b;
                }
                img.setRGB(0, y, w, 1, row, 0, w);
            }
            return img;
        }

        BufferedImage frameAt(double seconds) throws IOException {
            Frame f = seekAndGrab(seconds);
            if (f == null && grabber.getFrameRate() > 0) {
                // asked for a time past the last frame: take the last frame instead
                f = seekAndGrab(Math.max(0, seconds - 2 / grabber.getFrameRate()));
            }
            if (f == null) {
                throw new InvalidInputException("video " + file + " has no frame at " + seconds + " s");
            }
            return toImage(f);
        }

        private Frame seekAndGrab(double seconds) throws IOException {
            try {
                grabber.setVideoTimestamp(Math.round(seconds * 1e6));
            } catch (FrameGrabber.Exception e) {
                throw new InvalidInputException(
                        "seeking to " + seconds + " s in video " + file + " failed: " + e.getMessage(), e);
            }
            return grab();
        }

        @Override
        public void close() throws IOException {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("closing video " + file + " failed: " + e.getMessage(), e);
            }
        }
    }
}
