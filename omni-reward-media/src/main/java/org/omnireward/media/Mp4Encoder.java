package org.omnireward.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.omnireward.core.InvalidInputException;

/**
 * Encodes {@link BufferedImage} frames into an MP4 file (yuv420p, constant frame rate) with FFmpeg
 * through JavaCV. Used to make test fixtures and demo clips; the output is byte-identical for the
 * same frames and settings.
 *
 * <pre>{@code
 * try (Mp4Encoder enc = Mp4Encoder.builder(160, 120).frameRate(12).open(file)) {
 *     for (BufferedImage frame : frames) enc.add(frame);
 * }
 * }</pre>
 */
public final class Mp4Encoder implements AutoCloseable {

    private final Path file;
    private final int width;
    private final int height;
    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private int frames;
    private boolean closed;

    private Mp4Encoder(Builder b, Path file) throws IOException {
        this.file = file;
        this.width = b.width;
        this.height = b.height;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        recorder = new FFmpegFrameRecorder(file.toFile(), b.width, b.height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName(b.codec.encoderName());
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(b.frameRate);
        recorder.setGopSize(Math.max(1, (int) Math.round(b.frameRate)));
        recorder.setVideoBitrate(b.bitRate);
        recorder.setVideoOption("threads", "1"); // single-threaded encoding keeps the output deterministic
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            release();
            throw new IOException("cannot start " + b.codec + " encoding of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Settings for a clip of {@code width}×{@code height} pixels (both even, as yuv420p requires). */
    public static Builder builder(int width, int height) {
        return new Builder(width, height);
    }

    /** Writes {@code frames} as one clip at {@code frameRate} with the {@link VideoCodec#preferred() preferred} codec. */
    public static void write(Path file, List<BufferedImage> frames, double frameRate) throws IOException {
        if (frames.isEmpty()) {
            throw new InvalidInputException("cannot write video " + file + " without frames");
        }
        BufferedImage first = frames.get(0);
        try (Mp4Encoder enc = builder(first.getWidth(), first.getHeight())
                .frameRate(frameRate)
                .open(file)) {
            for (BufferedImage f : frames) {
                enc.add(f);
            }
        }
    }

    /**
     * Appends one frame. Transparent pixels are drawn over white.
     *
     * @throws InvalidInputException when the frame's size differs from the clip's
     */
    public void add(BufferedImage frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("encoder for " + file + " is closed");
        }
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new InvalidInputException("frame " + frames + " of " + file + " is " + frame.getWidth() + "x"
                    + frame.getHeight() + "; the clip is " + width + "x" + height);
        }
        try {
            recorder.record(converter.convert(Ffmpeg.toBgr(frame)));
        } catch (FrameRecorder.Exception e) {
            throw new IOException("encoding frame " + frames + " of " + file + " failed: " + e.getMessage(), e);
        }
        frames++;
    }

    /** Frames added so far. */
    public int framesWritten() {
        return frames;
    }

    /** Flushes the encoder and finishes the MP4 file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("finishing video " + file + " failed: " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    private void release() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception ignored) {
            // nothing more can be done; stop() already reported the real failure
        }
        converter.close();
    }

    /** Encoder settings. */
    public static final class Builder {
        private final int width;
        private final int height;
        private double frameRate = 12;
        private VideoCodec codec;
        private int bitRate = 400_000;

        private Builder(int width, int height) {
            if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
                throw new InvalidInputException(
                        "video size must be positive and even (yuv420p), got " + width + "x" + height);
            }
            this.width = width;
            this.height = height;
        }

        /** Frames per second (default 12). */
        public Builder frameRate(double fps) {
            if (!(fps > 0 && fps <= 120)) {
                throw new InvalidInputException("frame rate must be in (0, 120], got " + fps);
            }
            this.frameRate = fps;
            return this;
        }

        /** The codec (default: {@link VideoCodec#preferred()}). */
        public Builder codec(VideoCodec codec) {
            this.codec = codec;
            return this;
        }

        /** Target bit rate in bits per second (default 400,000). */
        public Builder bitRate(int bitsPerSecond) {
            if (bitsPerSecond <= 0) {
                throw new InvalidInputException("bit rate must be positive, got " + bitsPerSecond);
            }
            this.bitRate = bitsPerSecond;
            return this;
        }

        /** Creates (or replaces) {@code file}, creating parent folders, and starts encoding. */
        public Mp4Encoder open(Path file) throws IOException {
            Ffmpeg.init();
            if (codec == null) {
                codec = VideoCodec.preferred();
            } else if (!codec.isAvailable()) {
                throw new InvalidInputException("the bundled FFmpeg has no " + codec.encoderName() + " encoder");
            }
            return new Mp4Encoder(this, file);
        }
    }
}
