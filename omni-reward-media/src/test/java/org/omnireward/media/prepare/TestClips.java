package org.omnireward.media.prepare;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.omnireward.media.Ffmpeg;

/** Video clips and audio files made in code with JavaCV's recorder (FFmpeg natives). */
final class TestClips {

    private TestClips() {}

    /** Whether the bundled FFmpeg has this encoder. */
    static boolean hasEncoder(String name) {
        Ffmpeg.init();
        var c = avcodec.avcodec_find_encoder_by_name(name);
        return c != null && !c.isNull();
    }

    /** Frame {@code i} of {@code n}: red in the first half of the clip, blue in the second, with a moving white square. */
    static BufferedImage frame(int i, int n, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(i < n / 2 ? new Color(220, 20, 20) : new Color(20, 20, 220));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect((i * 3) % Math.max(1, w - 8), 2, 8, 8);
        g.dispose();
        return img;
    }

    /** Records {@code seconds} of frames at {@code fps} into {@code file} with the given muxer and encoder. */
    static Path video(Path file, String format, String codec, int w, int h, double fps, double seconds)
            throws IOException {
        Ffmpeg.init();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            record(r, format, codec, w, h, fps, seconds);
        }
        return file;
    }

    /**
     * Records into a stream, so the muxer cannot go back to write the duration: a Matroska/WebM file
     * whose container states no duration.
     */
    static byte[] streamedVideo(String format, String codec, int w, int h, double fps, double seconds)
            throws IOException {
        Ffmpeg.init();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (OutputStream o = out;
                FFmpegFrameRecorder r = new FFmpegFrameRecorder(o, w, h, 0)) {
            record(r, format, codec, w, h, fps, seconds);
        }
        return out.toByteArray();
    }

    private static void record(
            FFmpegFrameRecorder r, String format, String codec, int w, int h, double fps, double seconds)
            throws IOException {
        r.setFormat(format);
        r.setVideoCodecName(codec);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        r.setGopSize((int) Math.max(1, Math.round(fps)));
        r.setVideoBitrate(300_000);
        r.setVideoOption("threads", "1");
        if (codec.startsWith("libvpx")) {
            r.setVideoOption("deadline", "realtime");
            r.setVideoOption("cpu-used", "8");
        }
        r.start();
        int n = (int) Math.round(fps * seconds);
        try (Java2DFrameConverter conv = new Java2DFrameConverter()) {
            for (int i = 0; i < n; i++) {
                r.record(conv.convert(frame(i, n, w, h)));
            }
        }
        r.stop();
    }

    /** A sine of {@code hz} for {@code seconds}, mono, recorded with the given muxer and encoder. */
    static Path audio(Path file, String format, String codec, int sampleRate, double hz, double seconds)
            throws IOException {
        Ffmpeg.init();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
            r.setFormat(format);
            r.setAudioCodecName(codec);
            r.setSampleRate(sampleRate);
            r.setAudioChannels(1);
            r.setAudioBitrate(96_000);
            r.start();
            int total = (int) Math.round(seconds * sampleRate);
            int block = 1024;
            for (int at = 0; at < total; at += block) {
                int len = Math.min(block, total - at);
                short[] s = new short[len];
                for (int i = 0; i < len; i++) {
                    s[i] = (short) Math.round(12_000 * Math.sin(2 * Math.PI * hz * (at + i) / sampleRate));
                }
                r.recordSamples(sampleRate, 1, ShortBuffer.wrap(s));
            }
            r.stop();
        }
        return file;
    }

    /** "red", "blue" or "other" by the mean colour. */
    static String dominant(BufferedImage img) {
        long r = 0;
        long b = 0;
        long g = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int p = img.getRGB(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
            }
        }
        return r > 2 * b && r > 2 * g ? "red" : b > 2 * r && b > 2 * g ? "blue" : "other";
    }
}
