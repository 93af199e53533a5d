package org.omnireward.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.bytedeco.ffmpeg.global.avutil;
import org.omnireward.core.NonRetriableException;

/**
 * Loads FFmpeg's natives once, with its console log silenced, and says clearly when they are missing.
 * Public only so that {@code org.omnireward.media.prepare} shares the one initialisation.
 */
public final class Ffmpeg {

    private static volatile boolean ready;

    private Ffmpeg() {}

    /**
     * Makes sure the natives are loaded and FFmpeg logs only fatal problems (errors reach the caller as
     * exceptions instead). Set {@code OMNI_REWARD_DEBUG} to see FFmpeg's own error messages.
     *
     * @throws NonRetriableException when the FFmpeg natives for this platform are not on the class path
     */
    public static void init() {
        if (ready) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (ready) {
                return;
            }
            try {
                avutil.av_log_set_level(
                        System.getenv("OMNI_REWARD_DEBUG") != null ? avutil.AV_LOG_ERROR : avutil.AV_LOG_QUIET);
            } catch (LinkageError e) {
                throw new NonRetriableException(
                        "audio and video support needs the FFmpeg natives for "
                                + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                                + " (org.bytedeco:ffmpeg with that platform's classifier), which could not be loaded: "
                                + e,
                        e);
            }
            ready = true;
        }
    }

    /** An opaque 3-byte BGR copy drawn over white: the layout FFmpeg's BGR24 input expects. */
    static BufferedImage toBgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        return drawOnWhite(image, BufferedImage.TYPE_3BYTE_BGR);
    }

    private static BufferedImage drawOnWhite(BufferedImage image, int type) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
