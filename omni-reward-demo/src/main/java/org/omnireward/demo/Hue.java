package org.omnireward.demo;

import java.awt.Color;
import java.util.Random;

/** The named colours demo content uses; each is clearly one hue, so decoders can check it. */
enum Hue {
    RED("red", new Color(220, 40, 40)),
    GREEN("green", new Color(40, 170, 60)),
    BLUE("blue", new Color(40, 80, 220)),
    YELLOW("yellow", new Color(235, 200, 30)),
    PURPLE("purple", new Color(140, 60, 180)),
    ORANGE("orange", new Color(240, 140, 30));

    final String word;
    final Color color;

    Hue(String word, Color color) {
        this.word = word;
        this.color = color;
    }

    static Hue random(Random rnd) {
        return EnumDraw.any(rnd, values());
    }

    /** A random hue different from all of {@code avoid}. */
    static Hue otherThan(Random rnd, Hue... avoid) {
        return EnumDraw.otherThan(rnd, values(), avoid);
    }
}
