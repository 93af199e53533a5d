package org.omnireward.judge;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.media.AudioClip;
import org.omnireward.media.AudioDecoder;
import org.omnireward.media.Images;
import org.omnireward.media.VideoFrames;
import org.omnireward.media.Wav;

/**
 * {@link JudgeMediaEncoder} on what {@code omni-reward-media} offers today: {@link Images} (ImageIO
 * decoding, flattening on white, JPEG), {@link VideoFrames} (uniform frame sampling through FFmpeg)
 * and {@link AudioDecoder} + {@link Wav} (16 kHz mono WAV). Images and frames are scaled down to a
 * longest side of {@link #DEFAULT_MAX_SIDE} pixels and encoded at JPEG quality 0.9. In-memory videos
 * are written to a temporary file for FFmpeg and deleted afterwards.
 */
public final class MediaModuleEncoder implements JudgeMediaEncoder {

    /** The longest side, in pixels, images and frames are scaled down to. */
    public static final int DEFAULT_MAX_SIDE = 1024;
    /** The JPEG quality of images and frames. */
    public static final float JPEG_QUALITY = 0.9f;

    private final int maxSide;

    /** An encoder scaling images down to {@link #DEFAULT_MAX_SIDE}. */
    public MediaModuleEncoder() {
        this(DEFAULT_MAX_SIDE);
    }

    /** An encoder scaling images down to a longest side of {@code maxSide} pixels. */
    public MediaModuleEncoder(int maxSide) {
        if (maxSide < 16) {
            throw new IllegalArgumentException("maxSide must be at least 16 pixels, got " + maxSide);
        }
        this.maxSide = maxSide;
    }

    @Override
    public String imageDataUri(MediaRef image) {
        BufferedImage decoded = Images.read(read(image, "image"), image.name());
        return jpegDataUri(decoded);
    }

    @Override
    public List<String> videoFrameDataUris(MediaRef video, int count) {
        List<BufferedImage> frames = withFile(video, file -> VideoFrames.sampleUniformly(file, count));
        List<String> out = new ArrayList<>(frames.size());
        for (BufferedImage f : frames) {
            out.add(jpegDataUri(f));
        }
        return out;
    }

    @Override
    public String videoDataUri(MediaRef video) {
        return "data:" + videoMime(video.extension()) + ";base64,"
                + Base64.getEncoder().encodeToString(read(video, "video"));
    }

    @Override
    public String audioWavBase64(MediaRef audio) {
        return Base64.getEncoder().encodeToString(Wav.toBytes(decodeAudio(audio)));
    }

    @Override
    public String joinedAudioWavBase64(MediaRef first, MediaRef second, double silenceSeconds) {
        AudioClip joined = AudioClip.concat(decodeAudio(first), decodeAudio(second), silenceSeconds);
        return Base64.getEncoder().encodeToString(Wav.toBytes(joined));
    }

    private static AudioClip decodeAudio(MediaRef audio) {
        try {
            return AudioDecoder.decode(audio).clip();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read audio " + audio.name() + ": " + e, e);
        }
    }

    private String jpegDataUri(BufferedImage image) {
        byte[] jpeg = Images.toJpegBytes(scaledDown(image), JPEG_QUALITY);
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
    }

    /** The image itself when its longest side fits, else a bilinear downscale keeping the aspect ratio. */
    BufferedImage scaledDown(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longest = Math.max(w, h);
        if (longest <= maxSide) {
            return image;
        }
        double f = (double) maxSide / longest;
        int nw = Math.max(1, (int) Math.round(w * f));
        int nh = Math.max(1, (int) Math.round(h * f));
        BufferedImage flat = Images.flattenOnWhite(image);
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(flat, 0, 0, nw, nh, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] read(MediaRef media, String what) {
        try {
            return media.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " " + media.name() + ": " + e, e);
        }
    }

    private interface FileWork<T> {
        T apply(Path file) throws IOException;
    }

    private static <T> T withFile(MediaRef media, FileWork<T> work) {
        Path file = media.path().orElse(null);
        Path temp = null;
        try {
            if (file == null) {
                String ext = media.extension().isEmpty() ? "mp4" : media.extension();
                temp = Files.createTempFile("omni-reward-judge-", "." + ext);
                Files.write(temp, media.readAllBytes());
                file = temp;
            }
            return work.apply(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read video " + media.name() + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    static String videoMime(String extension) {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "webm" -> "video/webm";
            case "mov" -> "video/quicktime";
            case "avi" -> "video/x-msvideo";
            case "mkv" -> "video/x-matroska";
            default -> "video/mp4";
        };
    }
}
