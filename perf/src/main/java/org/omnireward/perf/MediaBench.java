package org.omnireward.perf;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.media.Images;
import org.omnireward.media.VideoFrames;
import org.omnireward.media.prepare.MediaPreparer;
import org.omnireward.media.prepare.PreparedImage;

/**
 * Media preparation for judges ({@code perf/run media}).
 *
 * <p>(1) Frame sampling: {@code MediaPreparer.videoFrames(ref, 10)} (cache off) on each shared video
 * and on a generated clip of several minutes, against the faster of two {@code ffmpeg} command-line
 * strategies on the same file in the same run: one process per accurate seek ({@code ffmpeg -ss T -i f
 * -frames:v 1 out.jpg}, ten processes at the same times), and one decoding pass through an {@code fps}
 * filter writing ten JPEGs. Each figure is the median of {@code --runs} runs after a warm-up.
 *
 * <p>(2) Image preparation: images per second through {@code MediaPreparer.image(ref).dataUri()}
 * (decode, resize to 1024, JPEG, base64; cache off), against the plain JDK path in the same process
 * ({@code ImageIO.read}, one bilinear scaling step, {@code ImageIO} JPEG, base64).
 */
final class MediaBench {

    private MediaBench() {}

    static void main(String[] args) throws Exception {
        int frames = Integer.parseInt(PerfBench.opt(args, "--frames", "10"));
        double clipSeconds = Double.parseDouble(PerfBench.opt(args, "--clip-seconds", "300"));
        int runs = Integer.parseInt(PerfBench.opt(args, "--runs", "5"));
        int imageRounds = Integer.parseInt(PerfBench.opt(args, "--image-rounds", "20"));
        Optional<Path> media = sharedMedia(PerfBench.opt(args, "--data", null));
        org.omnireward.media.Ffmpeg.init(); // FFmpeg's console log off before the clip is encoded
        Path tmp = Files.createTempDirectory("omni-perf-media");
        try {
            if (!PerfBench.flag(args, "--skip-frames")) {
                frameSampling(media, tmp, frames, clipSeconds, runs);
            }
            if (!PerfBench.flag(args, "--skip-images")) {
                imagePreparation(media, tmp, imageRounds);
            }
        } finally {
            RunnerOverheadBench.deleteTree(tmp);
        }
    }

    // ---------------------------------------------------------------- frame sampling

    private static void frameSampling(Optional<Path> media, Path tmp, int frames, double clipSeconds, int runs)
            throws Exception {
        List<Path> videos = new ArrayList<>();
        if (media.isPresent()) {
            for (String n : List.of("1.mp4", "2.avi", "3.mp4", "4.mp4")) {
                if (Files.isRegularFile(media.get().resolve(n))) {
                    videos.add(media.get().resolve(n));
                }
            }
        } else {
            System.out.println("frame sampling: ../shared/data/media not found (pass --data DIR); generated clip only");
        }
        long t0 = System.nanoTime();
        Path clip = generateClip(tmp.resolve("long.mp4"), clipSeconds);
        System.out.printf(
                "frame sampling: generated %s (%.0f s, 640x360, 25 fps, H.264, keyframe every 250 frames,"
                        + " %,d bytes) in %.1f s%n",
                clip.getFileName(), clipSeconds, Files.size(clip), seconds(t0));
        videos.add(clip);
        boolean cli = ffmpegAvailable();
        if (!cli) {
            System.out.println("frame sampling: ffmpeg NOT FOUND on PATH: the command-line baselines cannot run;"
                    + " install Debian's ffmpeg for the benchmark (apt-get update && apt-get install -y ffmpeg)."
                    + " Printing our own times only.");
        }
        System.out.printf(
                "frame sampling: %d frames per video, median of %d runs after a warm-up;"
                        + " ratio = ours / the faster ffmpeg strategy (goal <= 1.2)%n",
                frames, runs);
        System.out.printf(
                "  %-10s %8s %10s %12s %12s %8s%n",
                "video", "length", "ours ms", "ffmpeg -ss ms", "ffmpeg fps ms", "ratio");
        try (MediaPreparer prep = MediaPreparer.builder().optCacheBytes(0).build()) {
            for (Path v : videos) {
                double duration = VideoFrames.probe(v).durationSeconds();
                MediaRef ref = MediaRef.underRoot(v.getParent(), v.getFileName().toString(), Modality.VIDEO);
                List<PreparedImage> got = prep.videoFrames(ref, frames); // warm-up
                if (got.size() != frames) {
                    throw new IllegalStateException("expected " + frames + " frames from " + v + ", got " + got.size());
                }
                double ours = median(runs, () -> prep.videoFrames(ref, frames));
                String seek = "-";
                String fps = "-";
                String ratio = "-";
                if (cli) {
                    Path out = Files.createDirectories(tmp.resolve("cli-" + v.getFileName()));
                    cliSeeks(v, duration, frames, out); // warm-up (page cache, binary)
                    double s = median(runs, () -> cliSeeks(v, duration, frames, out));
                    double f = median(runs, () -> cliFps(v, duration, frames, out));
                    seek = String.format(Locale.ROOT, "%.0f", s * 1000);
                    fps = String.format(Locale.ROOT, "%.0f", f * 1000);
                    ratio = String.format(Locale.ROOT, "%.2f", ours / Math.min(s, f));
                }
                System.out.printf(
                        "  %-10s %7.1fs %10.0f %12s %12s %8s%n",
                        v.getFileName(), duration, ours * 1000, seek, fps, ratio);
            }
        }
    }

    /** A clip whose picture changes every frame (gradients, moving shapes, seeded noise specks), so H.264 has work. */
    private static Path generateClip(Path file, double seconds) throws IOException {
        int w = 640;
        int h = 360;
        double fps = 25;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("mp4");
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setGopSize(250);
            r.setVideoBitrate(1_000_000);
            r.start();
            SplittableRandom random = new SplittableRandom(7);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            int n = (int) Math.round(seconds * fps);
            for (int i = 0; i < n; i++) {
                Graphics2D g = img.createGraphics();
                float hue = (i % 500) / 500f;
                g.setPaint(new GradientPaint(
                        0, 0, Color.getHSBColor(hue, 0.6f, 0.9f), w, h, Color.getHSBColor(1 - hue, 0.8f, 0.4f)));
                g.fillRect(0, 0, w, h);
                g.setColor(Color.WHITE);
                g.fillOval((i * 5) % w, (int) (h / 2 + 100 * Math.sin(i / 20.0)), 60, 60);
                for (int k = 0; k < 200; k++) {
                    g.setColor(new Color(random.nextInt(0xFFFFFF)));
                    g.fillRect(random.nextInt(w), random.nextInt(h), 3, 3);
                }
                g.dispose();
                r.record(conv.convert(img));
            }
            r.stop();
        }
        return file;
    }

    private static boolean ffmpegAvailable() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** One ffmpeg process per frame, each an accurate seek to the frame's time ({@code -ss} before {@code -i}). */
    private static void cliSeeks(Path video, double duration, int frames, Path out) throws Exception {
        for (int i = 0; i < frames; i++) {
            double t = (i + 0.5) * duration / frames;
            run(
                    "ffmpeg",
                    "-nostdin",
                    "-v",
                    "error",
                    "-y",
                    "-ss",
                    String.format(Locale.ROOT, "%.3f", t),
                    "-i",
                    video.toString(),
                    "-frames:v",
                    "1",
                    "-q:v",
                    "2",
                    out.resolve("seek" + i + ".jpg").toString());
        }
    }

    /** One ffmpeg process decoding the whole file through an fps filter that keeps {@code frames} frames. */
    private static void cliFps(Path video, double duration, int frames, Path out) throws Exception {
        run(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-i",
                video.toString(),
                "-vf",
                String.format(Locale.ROOT, "fps=%d/%.6f", frames, duration),
                "-frames:v",
                String.valueOf(frames),
                "-q:v",
                "2",
                out.resolve("fps%02d.jpg").toString());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + new String(output));
        }
    }

    // ---------------------------------------------------------------- images

    private static void imagePreparation(Optional<Path> media, Path tmp, int rounds) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("images"));
        List<String> names = new ArrayList<>();
        if (media.isPresent()) {
            for (String n : List.of("1.jpg", "2.jpg", "3.jpg")) {
                Path src = media.get().resolve(n);
                if (Files.isRegularFile(src)) {
                    Files.copy(src, dir.resolve("shared-" + n));
                    names.add("shared-" + n);
                }
            }
        }
        BufferedImage photo = photoLike(2400, 1600);
        Images.writeJpeg(photo, dir.resolve("photo-2400x1600.jpg"), 0.9f);
        Images.writePng(photoLike(1024, 1024), dir.resolve("render-1024.png"));
        Images.writePng(withAlpha(photoLike(800, 600)), dir.resolve("alpha-800x600.png"));
        Images.writeJpeg(photoLike(4000, 3000), dir.resolve("photo-4000x3000.jpg"), 0.9f);
        names.addAll(List.of("photo-2400x1600.jpg", "render-1024.png", "alpha-800x600.png", "photo-4000x3000.jpg"));
        System.out.printf(
                "image preparation: %s; %d rounds each; decode -> resize to 1024 -> JPEG 0.9 -> base64,"
                        + " cache off; ratio = ours / the plain JDK path%n",
                names, rounds);
        System.out.printf("  %-22s %12s %14s %8s%n", "image", "ours img/s", "plain JDK img/s", "ratio");
        long totalBytes = 0;
        double oursTotal = 0;
        double plainTotal = 0;
        try (MediaPreparer prep = MediaPreparer.builder().optCacheBytes(0).build()) {
            for (String n : names) {
                MediaRef ref = MediaRef.underRoot(dir, n, Modality.IMAGE);
                Path file = dir.resolve(n);
                for (int i = 0; i < 3; i++) { // warm-up
                    totalBytes += prep.image(ref).dataUri().length();
                    totalBytes += plainJdk(file).length();
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    totalBytes += prep.image(ref).dataUri().length();
                }
                double ours = seconds(t0);
                t0 = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    totalBytes += plainJdk(file).length();
                }
                double plain = seconds(t0);
                oursTotal += ours;
                plainTotal += plain;
                System.out.printf("  %-22s %12.1f %14.1f %8.2f%n", n, rounds / ours, rounds / plain, ours / plain);
            }
        }
        int count = rounds * names.size();
        System.out.printf(
                "  %-22s %12.1f %14.1f %8.2f   (time ratio; %,d chars of data URIs made)%n",
                "all", count / oursTotal, count / plainTotal, oursTotal / plainTotal, totalBytes);
    }

    /** The baseline: what a caller would write with the JDK alone (no orientation, no guards). */
    private static String plainJdk(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        double scale = Math.min(1.0, 1024.0 / Math.max(img.getWidth(), img.getHeight()));
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpeg", out);
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static BufferedImage photoLike(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), w, h, new Color(230, 180, 90)));
        g.fillRect(0, 0, w, h);
        SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < 400; k++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            int s = 5 + random.nextInt(Math.max(6, w / 20));
            g.fillOval(random.nextInt(w), random.nextInt(h), s, s);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage withAlpha(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int a = (x * 255) / src.getWidth();
                out.setRGB(x, y, (a << 24) | (src.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double median(int runs, Work work) throws Exception {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            t[i] = seconds(t0);
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** {@code shared/data/media}: from --data, else searched upwards from here and from the jar. */
    private static Optional<Path> sharedMedia(String data) {
        if (data != null) {
            Path p = Path.of(data).resolve("media");
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("--data " + data + ": no media folder in it");
            }
            return Optional.of(p);
        }
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(MediaBench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (Exception ignored) {
            // no code source: the working directory will do
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path candidate = p.resolve("shared/data/media");
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }
}
