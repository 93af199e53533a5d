package org.omnireward.media;

/**
 * What a video file's container says about its video stream.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frameRate frames per second
 * @param frameCount number of frames as the container reports it (an estimate for some formats)
 * @param durationSeconds length of the file
 * @param codec decoder name, e.g. {@code h264}
 */
public record VideoInfo(
        int width, int height, double frameRate, int frameCount, double durationSeconds, String codec) {}
