package org.omnireward.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Convex 3D solids centred at the origin, drawn with flat Lambert shading into a 2×2 multi-view
 * render sheet: the stand-in for the multi-view renders of the text-to-3D task.
 */
enum Solid {
    CUBE("cube"),
    SPHERE("sphere"),
    PYRAMID("pyramid"),
    CYLINDER("cylinder");

    /** The four viewpoints of a sheet, as {yaw, elevation} in degrees (all distinct for a cube). */
    private static final double[][] VIEWS = {{30, 20}, {75, 40}, {-20, -25}, {10, 80}};

    private static final double[] LIGHT = normalize(new double[] {-0.4, 0.6, 0.7});

    final String word;

    Solid(String word) {
        this.word = word;
    }

    static Solid random(Random rnd) {
        return Draws.any(rnd, values());
    }

    static Solid otherThan(Random rnd, Solid avoid) {
        return Draws.otherThan(rnd, values(), avoid);
    }

    /** A {@code 2*cell} square sheet on light grey showing the solid from four viewpoints. */
    BufferedImage renderSheet(Color color, int cell) {
        BufferedImage img = new BufferedImage(2 * cell, 2 * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(236, 236, 236));
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(new Color(200, 200, 200));
            g.drawLine(cell, 0, cell, 2 * cell);
            g.drawLine(0, cell, 2 * cell, cell);
            for (int v = 0; v < 4; v++) {
                int cx = (v % 2) * cell + cell / 2;
                int cy = (v / 2) * cell + cell / 2;
                draw(g, color, VIEWS[v][0], VIEWS[v][1], cx, cy, cell * 0.3);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private void draw(Graphics2D g, Color color, double yawDeg, double elevDeg, int cx, int cy, double scale) {
        double yaw = Math.toRadians(yawDeg);
        double elev = Math.toRadians(elevDeg);
        List<double[][]> visible = new ArrayList<>();
        for (double[][] face : faces()) {
            double[][] t = new double[face.length][];
            for (int i = 0; i < face.length; i++) {
                t[i] = rotate(face[i], yaw, elev);
            }
            double[] n = outwardNormal(t);
            if (n[2] > 1e-9) {
                visible.add(t);
            }
        }
        visible.sort(Comparator.comparingDouble(Solid::meanZ));
        g.setStroke(new BasicStroke(1f));
        for (double[][] face : visible) {
            double[] n = outwardNormal(face);
            double shade = 0.3 + 0.7 * Math.max(0, dot(n, LIGHT));
            Color c = new Color(
                    (int) Math.round(color.getRed() * shade), (int) Math.round(color.getGreen() * shade), (int)
                            Math.round(color.getBlue() * shade));
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < face.length; i++) {
                double x = cx + face[i][0] * scale;
                double y = cy - face[i][1] * scale;
                if (i == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
            p.closePath();
            g.setColor(c);
            g.fill(p);
            g.draw(p); // covers the hairline seams antialiasing leaves between faces
        }
    }

    /** Faces as vertex loops (any winding; normals are oriented outward from the centre). */
    private List<double[][]> faces() {
        List<double[][]> f = new ArrayList<>();
        switch (this) {
            case CUBE -> {
                for (int axis = 0; axis < 3; axis++) {
                    for (int sign = -1; sign <= 1; sign += 2) {
                        double[][] q = new double[4][];
                        double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
                        for (int i = 0; i < 4; i++) {
                            double[] v = new double[3];
                            v[axis] = sign;
                            v[(axis + 1) % 3] = corners[i][0];
                            v[(axis + 2) % 3] = corners[i][1];
                            q[i] = v;
                        }
                        f.add(q);
                    }
                }
            }
            case PYRAMID -> {
                double[][] base = {{-1, -1, -1}, {1, -1, -1}, {1, -1, 1}, {-1, -1, 1}};
                double[] apex = {0, 1.2, 0};
                f.add(base);
                for (int i = 0; i < 4; i++) {
                    f.add(new double[][] {base[i], base[(i + 1) % 4], apex});
                }
            }
            case SPHERE -> {
                int lat = 10;
                int lon = 16;
                for (int i = 0; i < lat; i++) {
                    for (int j = 0; j < lon; j++) {
                        f.add(new double[][] {
                            spherePoint(i, j, lat, lon), spherePoint(i + 1, j, lat, lon),
                            spherePoint(i + 1, j + 1, lat, lon), spherePoint(i, j + 1, lat, lon)
                        });
                    }
                }
            }
            case CYLINDER -> {
                int segments = 20;
                double[][] top = new double[segments][];
                double[][] bottom = new double[segments][];
                for (int j = 0; j < segments; j++) {
                    double a = 2 * Math.PI * j / segments;
                    top[j] = new double[] {Math.cos(a), 1, Math.sin(a)};
                    bottom[j] = new double[] {Math.cos(a), -1, Math.sin(a)};
                }
                f.add(top);
                f.add(bottom);
                for (int j = 0; j < segments; j++) {
                    int k = (j + 1) % segments;
                    f.add(new double[][] {bottom[j], bottom[k], top[k], top[j]});
                }
            }
        }
        return f;
    }

    private static double[] spherePoint(int i, int j, int lat, int lon) {
        double theta = Math.PI * i / lat; // 0 at the north pole
        double phi = 2 * Math.PI * j / lon;
        double r = 1.15;
        return new double[] {
            r * Math.sin(theta) * Math.cos(phi), r * Math.cos(theta), r * Math.sin(theta) * Math.sin(phi)
        };
    }

    private static double[] rotate(double[] v, double yaw, double elev) {
        double x = v[0] * Math.cos(yaw) + v[2] * Math.sin(yaw);
        double z = -v[0] * Math.sin(yaw) + v[2] * Math.cos(yaw);
        double y = v[1];
        double y2 = y * Math.cos(elev) - z * Math.sin(elev);
        double z2 = y * Math.sin(elev) + z * Math.cos(elev);
        return new double[] {x, y2, z2};
    }

    /** Unit normal of a planar face, pointing away from the origin (the solids are convex and centred). */
    private static double[] outwardNormal(double[][] face) {
        double[] c = new double[3];
        for (double[] v : face) {
            for (int k = 0; k < 3; k++) {
                c[k] += v[k] / face.length;
            }
        }
        // Newell's method: robust for polygons with repeated (pole) vertices
        double[] n = new double[3];
        for (int i = 0; i < face.length; i++) {
            double[] a = face[i];
            double[] b = face[(i + 1) % face.length];
            n[0] += (a[1] - b[1]) * (a[2] + b[2]);
            n[1] += (a[2] - b[2]) * (a[0] + b[0]);
            n[2] += (a[0] - b[0]) * (a[1] + b[1]);
        }
        n = normalize(n);
        return dot(n, c) < 0 ? new double[] {-n[0], -n[1], -n[2]} : n;
    }

    private static double meanZ(double[][] face) {
        double z = 0;
        for (double[] v : face) {
            z += v[2];
        }
        return z / face.length;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] normalize(double[] v) {
        double len = Math.sqrt(dot(v, v));
        return len == 0 ? v : new double[] {v[0] / len, v[1] / len, v[2] / len};
    }
}
