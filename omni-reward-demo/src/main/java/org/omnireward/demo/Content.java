package org.omnireward.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.omnireward.media.AudioClip;

/** Draws and synthesises the demo's media: flat shapes, circle counts, moving balls, beeps and tones. */
final class Content {

    static final int IMAGE_SIZE = 128;
    static final int VIDEO_WIDTH = 128;
    static final int VIDEO_HEIGHT = 96;
    static final int VIDEO_FRAMES = 18;
    static final int AUDIO_RATE = 16_000;

    private Content() {}

    /** One shape of {@code fill} centred on a {@code background} square. */
    static BufferedImage shape(Shape2d shape, Color fill, Color background) {
        BufferedImage img = new BufferedImage(IMAGE_SIZE, IMAGE_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img, background);
        g.setColor(fill);
        shape.fill(g, IMAGE_SIZE / 2, IMAGE_SIZE / 2, 36);
        g.dispose();
        return img;
    }

    /** {@code count} non-overlapping circles of one colour on white, placed on a jittered 3×3 grid. */
    static BufferedImage circles(int count, Color fill, Random rnd) {
        BufferedImage img = new BufferedImage(IMAGE_SIZE, IMAGE_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img, Color.WHITE);
        g.setColor(fill);
        List<Integer> cells = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
        Collections.shuffle(cells, rnd);
        int cell = IMAGE_SIZE / 3;
        for (int i = 0; i < count; i++) {
            int c = cells.get(i);
            int r = 9 + rnd.nextInt(4);
            int cx = (c % 3) * cell + cell / 2 + rnd.nextInt(7) - 3;
            int cy = (c / 3) * cell + cell / 2 + rnd.nextInt(7) - 3;
            g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        }
        g.dispose();
        return img;
    }

    /** Directions a ball can move in a clip. */
    enum Direction {
        RIGHT("right", "to the right"),
        LEFT("left", "to the left"),
        UP("up", "upwards"),
        DOWN("down", "downwards");

        final String word;
        final String phrase;

        Direction(String word, String phrase) {
            this.word = word;
            this.phrase = phrase;
        }

        Direction opposite() {
            return switch (this) {
                case RIGHT -> LEFT;
                case LEFT -> RIGHT;
                case UP -> DOWN;
                case DOWN -> UP;
            };
        }

        /** Where the motion starts, e.g. "the left edge". */
        String start() {
            return switch (this) {
                case RIGHT -> "the left edge";
                case LEFT -> "the right edge";
                case UP -> "the bottom";
                case DOWN -> "the top";
            };
        }

        /** Where it ends. */
        String end() {
            return opposite().start();
        }

        static Direction random(Random rnd) {
            return Draws.any(rnd, values());
        }

        static Direction otherThan(Random rnd, Direction avoid) {
            return Draws.otherThan(rnd, values(), avoid);
        }
    }

    /** Frames of a ball of {@code color} crossing a white frame in {@code direction}. */
    static List<BufferedImage> movingBall(Color color, Direction direction) {
        List<BufferedImage> frames = new ArrayList<>(VIDEO_FRAMES);
        int r = 12;
        for (int i = 0; i < VIDEO_FRAMES; i++) {
            double t = i / (double) (VIDEO_FRAMES - 1);
            double x = VIDEO_WIDTH / 2.0;
            double y = VIDEO_HEIGHT / 2.0;
            switch (direction) {
                case RIGHT -> x = 18 + t * (VIDEO_WIDTH - 36);
                case LEFT -> x = VIDEO_WIDTH - 18 - t * (VIDEO_WIDTH - 36);
                case DOWN -> y = 16 + t * (VIDEO_HEIGHT - 32);
                case UP -> y = VIDEO_HEIGHT - 16 - t * (VIDEO_HEIGHT - 32);
            }
            BufferedImage img = new BufferedImage(VIDEO_WIDTH, VIDEO_HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = graphics(img, Color.WHITE);
            g.setColor(color);
            g.fillOval((int) Math.round(x) - r, (int) Math.round(y) - r, 2 * r, 2 * r);
            g.dispose();
            frames.add(img);
        }
        return frames;
    }

    /** A 1 s tone. */
    static AudioClip tone(double hz, double amplitude) {
        return AudioClip.sine(hz, 1.0, AUDIO_RATE, amplitude);
    }

    /** 1 s of white noise. */
    static AudioClip noise(double amplitude, long seed) {
        return AudioClip.whiteNoise(1.0, AUDIO_RATE, amplitude, seed);
    }

    /** {@code count} 1 kHz beeps of 0.12 s with 0.12 s gaps, starting after 0.1 s, in a 1.2 s clip. */
    static AudioClip beeps(int count, double amplitude) {
        float[] s = new float[(int) (1.2 * AUDIO_RATE)];
        AudioClip beep = AudioClip.sine(1000, 0.12, AUDIO_RATE, amplitude);
        for (int i = 0; i < count; i++) {
            int start = (int) ((0.1 + i * 0.24) * AUDIO_RATE);
            System.arraycopy(beep.samples(), 0, s, start, beep.samples().length);
        }
        return new AudioClip(AUDIO_RATE, s);
    }

    private static Graphics2D graphics(BufferedImage img, Color background) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }
}
