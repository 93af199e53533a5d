package org.omnireward.demo;

import java.awt.Graphics2D;
import java.awt.Polygon;
import java.util.Random;

/** Flat shapes for image tasks. Each drawn shape covers its own centre point. */
enum Shape2d {
    CIRCLE("circle"),
    SQUARE("square"),
    TRIANGLE("triangle");

    final String word;

    Shape2d(String word) {
        this.word = word;
    }

    static Shape2d random(Random rnd) {
        return Draws.any(rnd, values());
    }

    static Shape2d otherThan(Random rnd, Shape2d avoid) {
        return Draws.otherThan(rnd, values(), avoid);
    }

    /** Fills the shape centred at (cx, cy) with the given half-size, in the current colour. */
    void fill(Graphics2D g, int cx, int cy, int r) {
        switch (this) {
            case CIRCLE -> g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
            case SQUARE -> g.fillRect(cx - r, cy - r, 2 * r, 2 * r);
            case TRIANGLE ->
                g.fillPolygon(new Polygon(
                        new int[] {cx, cx - r, cx + r}, new int[] {cy - r, cy + r * 3 / 4, cy + r * 3 / 4}, 3));
        }
    }
}
